/**
 * A stdio MCP server in plain Node.js (no SDK, nothing to load): one `echo` tool. The aggregation part of the
 * gateway benchmark runs 10 and 50 of it, so what is measured is the gateway's own start-up and listing
 * work rather than each backend's module loading (an SDK server costs about 0.5 s of CPU to start).
 * `--tools N` lists N copies instead (`s1__echo` ... `sN__echo`, as the gateway would name N servers' echo):
 * the floor relay in front of that is the baseline of the aggregated listing.
 */
import { createInterface } from 'node:readline';

const tool = {
  name: 'echo',
  description: 'Echoes its text',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
};
const copies = Number(process.argv[process.argv.indexOf('--tools') + 1] || 0);
const tools = copies
  ? Array.from({ length: copies }, (_, i) => ({ ...tool, name: `s${i + 1}__echo` }))
  : [tool];
const answer = (id, result) => process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id, result })}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  if (msg.id === undefined) return;
  if (msg.method === 'initialize') {
    answer(msg.id, {
      protocolVersion: msg.params?.protocolVersion ?? '2025-06-18',
      capabilities: { tools: {} },
      serverInfo: { name: 'tiny', version: '1.0.0' },
    });
  } else if (msg.method === 'tools/list') answer(msg.id, { tools });
  else if (msg.method === 'tools/call')
    answer(msg.id, { content: [{ type: 'text', text: String(msg.params?.arguments?.text ?? '') }] });
  else if (msg.method === 'ping') answer(msg.id, {});
  else
    process.stdout.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found' } })}\n`,
    );
});
