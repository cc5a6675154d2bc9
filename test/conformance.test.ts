/**
 * The conformance fixture (test/fixtures/conformance/server.mjs) on its own, over stdio and Streamable HTTP:
 * it exposes exactly the names the official MCP conformance suite calls, answers as the scenarios expect,
 * and rejects DNS-rebinding requests. The suite itself runs through scripts/conformance.sh (see
 * docs/conformance.md); set MCP_CONFORMANCE=1 to run it here as well (it installs into .cache/ once).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  type LoggingMessageNotification,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = path.join(root, 'test/fixtures/conformance/server.mjs');

const TOOLS = [
  'json_schema_2020_12_tool',
  'test_audio_content',
  'test_elicitation',
  'test_elicitation_sep1034_defaults',
  'test_elicitation_sep1330_enums',
  'test_embedded_resource',
  'test_error_handling',
  'test_image_content',
  'test_multiple_content_types',
  'test_reconnection',
  'test_sampling',
  'test_simple_text',
  'test_tool_with_logging',
  'test_tool_with_progress',
];
const RESOURCES = ['test://static-binary', 'test://static-text', 'test://watched-resource'];
const PROMPTS = [
  'test_prompt_with_arguments',
  'test_prompt_with_embedded_resource',
  'test_prompt_with_image',
  'test_simple_prompt',
];

function newClient(): Client {
  const client = new Client(
    { name: 'conformance-fixture-test', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: {} } },
  );
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({
    role: 'assistant',
    content: { type: 'text', text: 'sampled answer' },
    model: 'test-model',
    stopReason: 'endTurn',
  }));
  client.setRequestHandler(ElicitRequestSchema, async () => ({
    action: 'accept',
    content: { username: 'ann', email: 'ann@example.com' },
  }));
  return client;
}

/** The same checks over either transport. */
function fixtureChecks(connect: () => Promise<Client>): void {
  let client: Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(async () => {
    await client?.close();
  });

  it('lists exactly the suite fixtures', async () => {
    const tools = (await client.listTools()).tools;
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    for (const t of tools) expect(t.description).toBeTruthy();
    expect((await client.listResources()).resources.map((r) => r.uri).sort()).toEqual(RESOURCES);
    expect((await client.listResourceTemplates()).resourceTemplates.map((r) => r.uriTemplate)).toEqual([
      'test://template/{id}/data',
    ]);
    expect((await client.listPrompts()).prompts.map((p) => p.name).sort()).toEqual(PROMPTS);
  });

  it('answers tools as the scenarios expect', async () => {
    expect(await client.callTool({ name: 'test_simple_text' })).toMatchObject({
      content: [{ type: 'text', text: 'This is a simple text response for testing.' }],
    });
    expect(await client.callTool({ name: 'test_audio_content' })).toMatchObject({
      content: [{ type: 'audio', mimeType: 'audio/wav' }],
    });
    expect(await client.callTool({ name: 'test_error_handling' })).toMatchObject({ isError: true });
    expect(await client.callTool({ name: 'test_sampling', arguments: { prompt: 'hi' } })).toMatchObject({
      content: [{ type: 'text', text: 'LLM response: sampled answer' }],
    });
    const elicited = await client.callTool({ name: 'test_elicitation', arguments: { message: 'who?' } });
    expect(JSON.stringify(elicited.content)).toContain('ann@example.com');
    const schema = (await client.listTools()).tools.find((t) => t.name === 'json_schema_2020_12_tool')!
      .inputSchema as Record<string, unknown>;
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $defs: { address: { type: 'object' } },
      additionalProperties: false,
    });
  });

  it('sends logging and progress notifications during a call', async () => {
    const logs: LoggingMessageNotification['params'][] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(n.params);
    });
    await client.setLoggingLevel('debug');
    await client.callTool({ name: 'test_tool_with_logging' });
    expect(logs.map((l) => l.data)).toEqual([
      'Tool execution started',
      'Tool processing data',
      'Tool execution completed',
    ]);
    await client.setLoggingLevel('warning');
    await client.callTool({ name: 'test_tool_with_logging' });
    expect(logs).toHaveLength(3);

    const progress: Progress[] = [];
    await client.callTool({ name: 'test_tool_with_progress' }, CallToolResultSchema, {
      onprogress: (p) => progress.push(p),
    });
    expect(progress.map((p) => p.progress)).toEqual([0, 50, 100]);
  });

  it('reads resources, completes, gets prompts, subscribes', async () => {
    const tpl = (await client.readResource({ uri: 'test://template/123/data' })).contents[0];
    expect(JSON.parse(tpl && 'text' in tpl ? tpl.text : '')).toEqual({
      id: '123',
      templateTest: true,
      data: 'Data for ID: 123',
    });
    expect((await client.readResource({ uri: 'test://static-binary' })).contents[0]).toMatchObject({
      mimeType: 'image/png',
    });
    const done = await client.complete({
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'par' },
    });
    expect(done.completion.values).toEqual(['paris', 'park', 'party']);
    const prompt = await client.getPrompt({
      name: 'test_prompt_with_arguments',
      arguments: { arg1: 'hello', arg2: 'world' },
    });
    expect(prompt.messages[0]?.content).toEqual({
      type: 'text',
      text: "Prompt with arguments: arg1='hello', arg2='world'",
    });
    expect(await client.subscribeResource({ uri: 'test://watched-resource' })).toEqual({});
    expect(await client.unsubscribeResource({ uri: 'test://watched-resource' })).toEqual({});
  });
}

describe('conformance fixture over stdio', () => {
  fixtureChecks(async () => {
    const client = newClient();
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [fixture], stderr: 'pipe' }),
    );
    return client;
  });
});

/** Starts the fixture over HTTP on a free port; resolves with its /mcp URL. */
async function startHttpFixture(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [fixture, '--http', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`fixture did not start: ${seen}`)), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/mcp/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.once('exit', (code) => reject(new Error(`fixture exited (${code}): ${seen}`)));
  });
  return { child, url };
}

describe('conformance fixture over Streamable HTTP', () => {
  let child: ChildProcess;
  let url: string;
  beforeAll(async () => {
    ({ child, url } = await startHttpFixture());
  });
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  fixtureChecks(async () => {
    const client = newClient();
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    return client;
  });

  const initialize = (host: string) =>
    fetch(url, {
      method: 'POST',
      headers: {
        host,
        origin: `http://${host}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      }),
    });

  it('rejects a foreign Host (DNS rebinding) and accepts localhost ones', async () => {
    const port = new URL(url).port;
    expect((await initialize('evil.example.com')).status).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const res = await initialize(host);
      expect(res.status).toBe(200);
      expect(res.headers.get('mcp-session-id')).toBeTruthy();
      await res.body?.cancel();
    }
  });

  it('answers an unknown session with 404 and other paths with 404', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'mcp-session-id': 'nope', 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(res.status).toBe(404);
    expect((await fetch(new URL('/other', url))).status).toBe(404);
  });
});

describe.runIf(process.env.MCP_CONFORMANCE === '1')('official conformance suite (MCP_CONFORMANCE=1)', () => {
  it('passes every active scenario against the fixture', { timeout: 300_000 }, () => {
    const run = spawnSync('bash', [path.join(root, 'scripts/conformance.sh'), '--fixture'], {
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toMatch(/conformance: \d+ passed, 0 failed/);
    expect(run.status).toBe(0);
  });
});
