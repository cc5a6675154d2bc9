import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';

import { describe, expect, it, vi } from 'vitest';

import {
  collectTree,
  parseCpuTime,
  parseProcStat,
  parsePsLine,
  ProcfsTable,
  procfsTable,
  psTable,
  type ProcessInfo,
} from './process-table.js';
import { ResourceSampler } from './resource-sampler.js';

const row = (pid: number, ppid: number, pgid = pid, cpuSeconds = 0, rssBytes = 1000): ProcessInfo => ({
  pid,
  ppid,
  pgid,
  cpuSeconds,
  rssBytes,
});

describe('parsers', () => {
  it('parses /proc/<pid>/stat, even with spaces and parens in the name', () => {
    const text = '4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1 0 0 0 150 50 0 0 20 0 1 0 100 1000 300';
    expect(parseProcStat(text)).toEqual({
      pid: 4242,
      ppid: 1,
      pgid: 4242,
      cpuSeconds: 2,
      rssBytes: undefined,
    });
    expect(parseProcStat('garbage')).toBeUndefined();
  });

  it('parses ps CPU times in Linux and BSD formats', () => {
    expect(parseCpuTime('00:01:05')).toBe(65);
    expect(parseCpuTime('2-01:00:00')).toBe(2 * 86400 + 3600);
    expect(parseCpuTime('1:02.50')).toBeCloseTo(62.5);
  });

  it('parses ps lines', () => {
    expect(parsePsLine('  123   1  123  2048 00:00:03')).toEqual({
      pid: 123,
      ppid: 1,
      pgid: 123,
      rssBytes: 2048 * 1024,
      cpuSeconds: 3,
    });
    expect(parsePsLine('')).toBeUndefined();
  });
});

describe('collectTree', () => {
  it('collects descendants by parent and members by process group', () => {
    const rows = [row(1, 0), row(10, 1), row(11, 10, 10), row(12, 11, 10), row(13, 1, 10), row(20, 1)];
    expect(
      collectTree(rows, 10)
        .map((r) => r.pid)
        .sort(),
    ).toEqual([10, 11, 12, 13]);
    expect(collectTree(rows, 99)).toEqual([]);
  });

  it('takes several trees from one snapshot, including a leader outside its own group', () => {
    const rows = [row(1, 0), row(30, 1, 5), row(31, 30, 5), row(40, 1), row(41, 40), row(42, 41)];
    const ids = (root: number): number[] =>
      collectTree(rows, root)
        .map((r) => r.pid)
        .sort();
    expect(ids(30)).toEqual([30, 31]);
    expect(ids(40)).toEqual([40, 41, 42]);
    expect(ids(5)).toEqual([30, 31]); // the members of group 5
  });
});

describe('ResourceSampler', () => {
  it('computes CPU % from CPU-time deltas with an injected clock, counting new processes in full', async () => {
    let now = 0;
    let rows: ProcessInfo[] = [row(10, 1, 10, 1.0), row(11, 10, 10, 0.5)];
    const sampler = new ResourceSampler(
      { list: async () => rows, rssBytes: async () => undefined },
      { now: () => now },
    );
    const first = await sampler.sample([10]);
    expect(first.get(10)).toEqual({ cpuPercent: undefined, rssBytes: 2000, processes: 2 });
    now = 2000;
    rows = [row(10, 1, 10, 1.5), row(12, 10, 10, 0.5)]; // 11 exited, 12 is new
    expect((await sampler.sample([10])).get(10)).toEqual({ cpuPercent: 50, rssBytes: 2000, processes: 2 });
    expect((await sampler.sample([99])).has(99)).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('real process tables', () => {
  it('procfs and ps agree on a live process tree', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], {
      detached: true,
      stdio: 'ignore',
    });
    try {
      const pid = child.pid!;
      for (const table of [procfsTable, psTable]) {
        const tree = collectTree(await table.list(), pid);
        expect(tree.map((p) => p.pid)).toEqual([pid]);
        expect(tree[0]?.pgid).toBe(pid);
        const rss = tree[0]?.rssBytes ?? (await table.rssBytes(pid));
        expect(rss).toBeGreaterThan(1024 * 1024);
      }
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe.runIf(process.platform === 'linux')('ProcfsTable.listTrees', () => {
  /** A detached leader that starts a child, which starts a grandchild in a session of its own. */
  function tree(): { pid: number; kill(): Promise<void> } {
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', \`
        require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { detached: true, stdio: 'ignore' });
        setTimeout(() => {}, 20000);
      \`], { stdio: 'ignore' });
      setTimeout(() => {}, 20000);`;
    const leader = spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' });
    return {
      pid: leader.pid!,
      // The grandchild is in a session of its own: every member is killed by pid.
      kill: async () => {
        for (const r of collectTree(await procfsTable.list(), leader.pid!)) process.kill(r.pid, 'SIGKILL');
      },
    };
  }

  async function until(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('finds the same trees as a full listing, reading only new processes and the trees', async () => {
    const t = tree();
    const table = new ProcfsTable(1000);
    try {
      await until(async () => collectTree(await procfsTable.list(), t.pid).length === 3);
      const full = collectTree(await procfsTable.list(), t.pid)
        .map((r) => r.pid)
        .sort();
      expect(
        collectTree(await table.listTrees([t.pid]), t.pid)
          .map((r) => r.pid)
          .sort(),
      ).toEqual(full);

      const stats: string[] = [];
      const readFile = fs.readFile;
      const spy = vi.spyOn(fs, 'readFile').mockImplementation(((file: string, ...rest: unknown[]) => {
        if (String(file).endsWith('/stat')) stats.push(String(file));
        return (readFile as (...a: unknown[]) => unknown)(file, ...rest);
      }) as typeof fs.readFile);
      let rows;
      try {
        rows = await table.listTrees([t.pid]);
      } finally {
        spy.mockRestore();
      }
      expect(
        collectTree(rows, t.pid)
          .map((r) => r.pid)
          .sort(),
      ).toEqual(full);
      // The three members, and at most a few processes started meanwhile elsewhere on the machine.
      expect(stats.length).toBeGreaterThanOrEqual(3);
      expect(stats.length).toBeLessThan(3 + 10);
      expect((await fs.readdir('/proc')).filter((n) => /^\d+$/.test(n)).length).toBeGreaterThan(stats.length);
    } finally {
      await t.kill();
    }
  });

  it('picks up a process started since the last call and drops one that exited', async () => {
    const table = new ProcfsTable(1000);
    const first = tree();
    const second = tree();
    try {
      await until(async () => {
        const rows = await procfsTable.list();
        return collectTree(rows, first.pid).length === 3 && collectTree(rows, second.pid).length === 3;
      });
      expect(collectTree(await table.listTrees([first.pid]), first.pid)).toHaveLength(3);
      const late = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], {
        detached: true,
        stdio: 'ignore',
      });
      try {
        const rows = await table.listTrees([first.pid, late.pid!]);
        expect(collectTree(rows, late.pid!).map((r) => r.pid)).toEqual([late.pid]);
      } finally {
        late.kill('SIGKILL');
      }
      await first.kill();
      await until(async () => collectTree(await table.listTrees([first.pid]), first.pid).length === 0);
    } finally {
      await second.kill();
    }
  });

  it('reads every process again on every fullEvery-th call', async () => {
    const t = tree();
    const table = new ProcfsTable(3);
    try {
      await until(async () => collectTree(await procfsTable.list(), t.pid).length === 3);
      const reads: number[] = [];
      const readFile = fs.readFile;
      const spy = vi.spyOn(fs, 'readFile').mockImplementation(((file: string, ...rest: unknown[]) => {
        if (String(file).endsWith('/stat')) reads[reads.length - 1]! += 1;
        return (readFile as (...a: unknown[]) => unknown)(file, ...rest);
      }) as typeof fs.readFile);
      try {
        for (let call = 0; call < 4; call++) {
          reads.push(0);
          expect(collectTree(await table.listTrees([t.pid]), t.pid)).toHaveLength(3);
        }
      } finally {
        spy.mockRestore();
      }
      const processes = (await fs.readdir('/proc')).filter((n) => /^\d+$/.test(n)).length;
      // Calls 0 and 3 read every process; calls 1 and 2 the tree and what started meanwhile.
      expect(reads[0]).toBeGreaterThan(processes / 2);
      expect(reads[3]).toBeGreaterThan(processes / 2);
      expect(reads[1]).toBeLessThan(3 + 10);
      expect(reads[2]).toBeLessThan(3 + 10);
    } finally {
      await t.kill();
    }
  });
});
