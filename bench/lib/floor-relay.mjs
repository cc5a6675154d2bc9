/** The floor: HTTP POST in, one line to the server's stdin, its JSON answer back. No auth, names or checks. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';

const [, , port, ...command] = process.argv;
const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
const waiting = new Map();
createInterface({ input: child.stdout }).on('line', (line) => {
  const msg = JSON.parse(line);
  const res = waiting.get(msg.id);
  if (!res) return;
  waiting.delete(msg.id);
  res.writeHead(200, { 'content-type': 'application/json' }).end(line);
});
createServer((req, res) => {
  if (req.method !== 'POST') return void res.writeHead(405).end();
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const msg = JSON.parse(body);
    if (msg.id === undefined) res.writeHead(202).end();
    else waiting.set(msg.id, res);
    child.stdin.write(`${body}\n`);
  });
}).listen(Number(port), '127.0.0.1', function () {
  process.stdout.write(`listening ${this.address().port}\n`);
});
process.on('SIGTERM', () => {
  child.kill();
  process.exit(0);
});
