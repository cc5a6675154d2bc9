/**
 * The gateway in front of a remote upstream (the reference server-everything over Streamable HTTP) whose
 * platform client declares `UPSTREAM_CLIENT_CAPABILITIES`: the server then offers its sampling, elicitation
 * and roots tools, and their requests reach the calling client through the gateway.
 */
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { firstText, remote, startGateway, type GatewayFixture } from '../../test/fixtures/gateway/harness.js';
import { startEverything, type ServerProcess } from '../../test/fixtures/remote/processes.js';

import { UPSTREAM_CLIENT_CAPABILITIES } from './upstream-pool.js';

let everything: ServerProcess;
let gw: GatewayFixture;

beforeAll(async () => {
  everything = await startEverything('streamableHttp');
  gw = await startGateway(
    {
      everything: remote(`http://127.0.0.1:${everything.port}/mcp`),
      mine: { ...remote(`http://127.0.0.1:${everything.port}/mcp`), share: 'per-session' },
    },
    {},
    {},
    {
      remote: { clientOptions: { capabilities: UPSTREAM_CLIENT_CAPABILITIES }, pingIntervalMs: 0 },
    },
  );
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await everything?.stop();
});

describe('gateway: remote server-everything with relayed client capabilities', () => {
  it('relays sampling, elicitation and roots of the reference server to the calling client', async () => {
    const prompts: string[] = [];
    const client = await gw.connect('/mcp', { sampling: {}, elicitation: { form: {} }, roots: {} }, (c) => {
      c.setRequestHandler(CreateMessageRequestSchema, async (req) => {
        const content = req.params.messages[0]?.content;
        prompts.push(content && 'text' in content ? String(content.text) : '');
        return { role: 'assistant', model: 'stub', content: { type: 'text', text: 'stub answer' } };
      });
      c.setRequestHandler(ElicitRequestSchema, async () => ({
        action: 'accept',
        content: { name: 'Ada', check: true },
      }));
      c.setRequestHandler(ListRootsRequestSchema, async () => ({
        roots: [{ uri: 'file:///project', name: 'project' }],
      }));
    });
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'everything__trigger-sampling-request',
        'everything__trigger-elicitation-request',
        'everything__get-roots-list',
      ]),
    );

    const sampled = await client.callTool({
      name: 'everything__trigger-sampling-request',
      arguments: { prompt: 'hello' },
    });
    expect(firstText(sampled)).toContain('stub answer');
    expect(prompts[0]).toContain('hello');

    const elicited = await client.callTool({
      name: 'everything__trigger-elicitation-request',
      arguments: {},
    });
    expect(JSON.stringify(elicited.content)).toContain('- Name: Ada');

    const roots = await client.callTool({ name: 'everything__get-roots-list', arguments: {} });
    expect(JSON.stringify(roots.content)).toContain('file:///project');
  });

  it('relays the progress of a long-running operation', async () => {
    const client = await gw.connect();
    const seen: Progress[] = [];
    await client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
      undefined,
      { onprogress: (p) => seen.push(p) },
    );
    expect(seen.map((p) => p.progress)).toEqual([1, 2, 3]);
  });

  it('opens a private remote session per client (share: per-session) declaring that client capabilities', async () => {
    const plain = await gw.connect('/mcp', {});
    const names = (await plain.listTools()).tools.map((t) => t.name);
    // The shared upstream declares sampling for everyone; the private one only what this client declared.
    expect(names).toContain('everything__trigger-sampling-request');
    expect(names).toContain('mine__echo');
    expect(names).not.toContain('mine__trigger-sampling-request');
    const sampling = await gw.connect('/mcp', { sampling: {} }, (c) =>
      c.setRequestHandler(CreateMessageRequestSchema, async () => ({
        role: 'assistant',
        model: 'stub',
        content: { type: 'text', text: 'private answer' },
      })),
    );
    expect((await sampling.listTools()).tools.map((t) => t.name)).toContain('mine__trigger-sampling-request');
    const result = await sampling.callTool({
      name: 'mine__trigger-sampling-request',
      arguments: { prompt: 'hi', maxTokens: 5 },
    });
    expect(JSON.stringify(result.content)).toContain('private answer');
  });
});
