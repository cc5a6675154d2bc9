/**
 * The reaper: a tiny detached process that kills the platform's server process groups when the platform dies,
 * however it dies (even SIGKILL, which runs no cleanup code in the platform itself).
 *
 * Usage: node reaper.js [graceMs]
 * The platform keeps this process's stdin open and writes one line per change: `+<pgid>` to register a server's
 * process group, `-<pgid>` to forget it. When stdin closes (the platform exited or was killed, so the kernel closed
 * its end of the pipe), every registered group gets SIGTERM, then SIGKILL after `graceMs`, and the reaper exits.
 * It lives in its own process group so a Ctrl-C or SIGHUP aimed at the platform's terminal does not take it down
 * before it has done its job.
 * @module
 */
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';

const graceMs = Number.parseInt(process.argv[2] ?? '', 10) || 2000;
/** @type {Set<number>} */
const groups = new Set();
let pending = '';
let reaping = false;

process.title = 'mcp-reaper';

/**
 * Signals a whole process group; false when it no longer exists.
 * @param {number} pgid
 * @param {NodeJS.Signals | 0} signal
 */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM every group, wait until they are gone or the grace period ends, SIGKILL the rest, exit. */
function reap() {
  if (reaping) return;
  reaping = true;
  for (const pgid of groups) if (!signalGroup(pgid, 'SIGTERM')) groups.delete(pgid);
  const deadline = Date.now() + graceMs;
  const timer = setInterval(() => {
    for (const pgid of groups) if (!signalGroup(pgid, 0)) groups.delete(pgid);
    if (groups.size > 0 && Date.now() < deadline) return;
    for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
    clearInterval(timer);
    process.exit(0);
  }, 50);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  pending += text;
  let nl;
  while ((nl = pending.indexOf('\n')) !== -1) {
    const line = pending.slice(0, nl).trim();
    pending = pending.slice(nl + 1);
    const pgid = Number(line.slice(1));
    // pgid 0 and 1 would address our own group or init: never valid for a server.
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line.startsWith('+')) groups.add(pgid);
    else if (line.startsWith('-')) groups.delete(pgid);
  }
});
process.stdin.on('end', reap);
process.stdin.on('close', reap);
process.stdin.on('error', reap);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, reap);
