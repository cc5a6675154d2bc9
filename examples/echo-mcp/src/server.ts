/**
 * The smallest complete MCP server: two tools, one resource and one prompt.
 *
 * `createEchoServer()` only describes the server. It opens no stream and reads no environment;
 * `index.ts` connects it to stdio or HTTP, and tests connect it to an in-memory client.
 * @module
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/** Name and version reported in the `initialize` handshake. Kept equal to package.json (tested). */
export const SERVER_INFO = { name: 'echo-mcp', version: '0.1.0' } as const;

/** Longest text the tools accept. Every input a model controls deserves a bound. */
export const MAX_TEXT_LENGTH = 10_000;

/** URI of the one static resource. */
export const ABOUT_URI = 'echo://about';

const ABOUT = `# echo-mcp

A reference MCP server. It has two tools (\`echo\`, \`reverse\`), this resource and one prompt
(\`repeat\`). Nothing it does touches the disk or the network.
`;

/**
 * Reverses text by grapheme cluster, so that "👍🏽" and "é" written as e + U+0301 stay whole.
 * @example reverseText('abc') // 'cba'
 */
export function reverseText(text: string): string {
  const segments = new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text);
  return Array.from(segments, (s) => s.segment)
    .reverse()
    .join('');
}

/**
 * Builds the echo server. Call it once per connection: an `McpServer` serves one transport.
 * @example
 * const server = createEchoServer();
 * await server.connect(new StdioServerTransport());
 */
export function createEchoServer(): McpServer {
  const server = new McpServer(SERVER_INFO, {
    instructions: 'Use `echo` to check that tool calls work end to end, and `reverse` to reverse text.',
  });

  const text = z.string().max(MAX_TEXT_LENGTH).describe('The text to send back');

  server.registerTool(
    'echo',
    {
      title: 'Echo',
      description: 'Returns the given text unchanged.',
      inputSchema: { text },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    ({ text }) => ({ content: [{ type: 'text', text }] }),
  );

  // `outputSchema` + `structuredContent` give clients a typed result next to the text.
  server.registerTool(
    'reverse',
    {
      title: 'Reverse',
      description: 'Returns the given text reversed, character by character (emoji and accents stay intact).',
      inputSchema: { text },
      outputSchema: { reversed: z.string().describe('The reversed text') },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    ({ text }) => {
      const reversed = reverseText(text);
      return { content: [{ type: 'text', text: reversed }], structuredContent: { reversed } };
    },
  );

  server.registerResource(
    'about',
    ABOUT_URI,
    { title: 'About echo-mcp', description: 'What this server offers', mimeType: 'text/markdown' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: ABOUT }] }),
  );

  server.registerPrompt(
    'repeat',
    {
      title: 'Repeat after me',
      description: 'Asks the model to send text through the echo tool and report what came back.',
      argsSchema: { text: z.string().max(MAX_TEXT_LENGTH).describe('The text to repeat') },
    },
    ({ text }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: `Call the \`echo\` tool with exactly the text below, then tell me what it returned.\n\n${text}`,
          },
        },
      ],
    }),
  );

  return server;
}
