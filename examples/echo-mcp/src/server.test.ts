import { readFile } from 'node:fs/promises';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ABOUT_URI, createEchoServer, MAX_TEXT_LENGTH, reverseText, SERVER_INFO } from './server.js';

describe('echo server', () => {
  let client: Client;

  beforeEach(async () => {
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await createEchoServer().connect(serverTransport);
    client = new Client({ name: 'test', version: '0.0.0' });
    await client.connect(clientTransport);
  });

  afterEach(async () => {
    await client.close();
  });

  it('reports the name and version from package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(SERVER_INFO).toEqual({ name: pkg.name, version: pkg.version });
    expect(client.getServerVersion()).toMatchObject(SERVER_INFO);
    expect(client.getInstructions()).toContain('echo');
  });

  it('lists its two tools, one resource and one prompt', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['echo', 'reverse']);
    expect(tools.find((t) => t.name === 'reverse')?.outputSchema).toMatchObject({
      properties: { reversed: { type: 'string' } },
    });
    const { resources } = await client.listResources();
    expect(resources).toEqual([expect.objectContaining({ uri: ABOUT_URI, mimeType: 'text/markdown' })]);
    const { prompts } = await client.listPrompts();
    expect(prompts).toEqual([expect.objectContaining({ name: 'repeat' })]);
  });

  it('echo returns the text unchanged', async () => {
    const result = await client.callTool({ name: 'echo', arguments: { text: 'hello, world' } });
    expect(result).toEqual({ content: [{ type: 'text', text: 'hello, world' }] });
  });

  it('reverse returns text and structured content', async () => {
    const result = await client.callTool({ name: 'reverse', arguments: { text: 'stressed' } });
    expect(result.structuredContent).toEqual({ reversed: 'desserts' });
    expect(result.content).toEqual([{ type: 'text', text: 'desserts' }]);
  });

  it('rejects invalid input with a tool error, not a protocol error', async () => {
    const tooLong = await client.callTool({
      name: 'echo',
      arguments: { text: 'x'.repeat(MAX_TEXT_LENGTH + 1) },
    });
    expect(tooLong.isError).toBe(true);
    const missing = await client.callTool({ name: 'reverse', arguments: {} });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain('text');
  });

  it('serves the about resource', async () => {
    const { contents } = await client.readResource({ uri: ABOUT_URI });
    expect(contents).toHaveLength(1);
    expect(contents[0]).toMatchObject({
      uri: ABOUT_URI,
      mimeType: 'text/markdown',
      text: expect.stringContaining('# echo-mcp'),
    });
  });

  it('renders the repeat prompt with its argument', async () => {
    const { messages } = await client.getPrompt({ name: 'repeat', arguments: { text: 'ping' } });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.role).toBe('user');
    expect(messages[0]?.content).toMatchObject({ type: 'text' });
    expect(JSON.stringify(messages[0]?.content)).toContain('ping');
  });
});

describe('reverseText', () => {
  it('keeps grapheme clusters whole', () => {
    expect(reverseText('ab👍🏽')).toBe('👍🏽ba');
    expect(reverseText('cafe\u0301!')).toBe('!e\u0301fac');
    expect(reverseText('')).toBe('');
  });
});
