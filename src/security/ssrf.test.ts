import { createServer, type Server } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addressProblem, assertUrlAllowed, cachingResolver, guardedFetch, type Resolver } from './ssrf.js';

describe('addressProblem', () => {
  it('refuses metadata and link-local always, private ranges by default, and allows loopback and public', () => {
    expect(addressProblem('x', '169.254.169.254')).toMatch(/metadata/);
    expect(
      addressProblem('x', '169.254.169.254', { allowPrivateNetworks: true, allowHosts: ['169.254.0.0/16'] }),
    ).toMatch(/metadata/);
    expect(addressProblem('x', 'fd00:ec2::254')).toMatch(/metadata/);
    expect(addressProblem('x', '169.254.1.2')).toMatch(/link-local/);
    expect(addressProblem('x', 'fe80::1')).toMatch(/link-local/);
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      'fd12::1',
      '::ffff:10.0.0.1',
    ]) {
      expect(addressProblem('x', ip), ip).toMatch(/private network/);
      expect(addressProblem('x', ip, { allowPrivateNetworks: true }), ip).toBeUndefined();
    }
    expect(addressProblem('x', '172.32.0.1')).toBeUndefined();
    expect(addressProblem('x', '127.0.0.1')).toBeUndefined();
    expect(addressProblem('x', '::1')).toBeUndefined();
    expect(addressProblem('x', '93.184.216.34')).toBeUndefined();
    expect(
      addressProblem('mcp.corp.example', '10.0.0.5', { allowHosts: ['*.corp.example'] }),
    ).toBeUndefined();
    expect(addressProblem('x', '10.0.0.5', { allowHosts: ['10.0.0.0/24'] })).toBeUndefined();
    expect(addressProblem('x', '10.0.1.5', { allowHosts: ['10.0.0.0/24'] })).toMatch(/private/);
  });

  it('checks every address a name resolves to (a test resolver: no DNS server is reachable here)', async () => {
    const resolver: Resolver = async (host) =>
      host === 'sneaky.example' ? ['93.184.216.34', '10.0.0.7'] : ['93.184.216.34'];
    await expect(assertUrlAllowed('https://sneaky.example/mcp', {}, resolver)).rejects.toMatchObject({
      code: 'URL_REFUSED',
    });
    await expect(assertUrlAllowed('https://fine.example/mcp', {}, resolver)).resolves.toBeUndefined();
    await expect(assertUrlAllowed('http://[::ffff:169.254.169.254]/', {}, resolver)).rejects.toThrow(
      /metadata/,
    );
    await expect(assertUrlAllowed('unix:///tmp/s.sock', {}, resolver)).resolves.toBeUndefined();
  });

  it("remembers a name's addresses for the TTL, and forgets failed lookups (a test resolver)", async () => {
    let clock = 0;
    const asked: string[] = [];
    let answer: string[] | Error = ['93.184.216.34'];
    const cached = cachingResolver(
      async (host) => {
        asked.push(host);
        if (answer instanceof Error) throw answer;
        return answer;
      },
      30_000,
      2,
      () => clock,
    );
    await assertUrlAllowed('https://api.example/mcp', {}, cached);
    await assertUrlAllowed('https://API.example/other', {}, cached);
    expect(asked).toEqual(['api.example']);
    // The name now points somewhere private: seen once the TTL is over.
    answer = ['10.0.0.7'];
    clock = 29_999;
    await expect(assertUrlAllowed('https://api.example/mcp', {}, cached)).resolves.toBeUndefined();
    clock = 30_000;
    await expect(assertUrlAllowed('https://api.example/mcp', {}, cached)).rejects.toMatchObject({
      code: 'URL_REFUSED',
    });
    answer = new Error('ENOTFOUND');
    await expect(cached('down.example')).rejects.toThrow('ENOTFOUND');
    await expect(cached('down.example')).rejects.toThrow('ENOTFOUND');
    expect(asked.filter((h) => h === 'down.example')).toHaveLength(2);
    // At most two names are kept: the oldest goes first.
    answer = ['93.184.216.34'];
    await cached('a.example');
    await cached('b.example');
    await cached('c.example');
    await cached('c.example');
    expect(asked.filter((h) => h === 'c.example')).toHaveLength(1);
    await cached('api.example'); // within its TTL, but pushed out by b and c
    expect(asked.filter((h) => h === 'api.example')).toHaveLength(3);
  });
});

describe('guardedFetch', () => {
  let server: Server;
  let origin = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/to-metadata')
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else if (req.url === '/to-private') res.writeHead(307, { location: 'http://10.0.0.1/mcp' }).end();
      else if (req.url === '/to-local') res.writeHead(302, { location: '/final' }).end();
      else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(`reached ${req.url}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('follows allowed redirects and refuses each hop that leaves the policy', async () => {
    const f = guardedFetch({});
    expect(await (await f(`${origin}/to-local`)).text()).toBe('reached /final');
    await expect(f(`${origin}/to-metadata`)).rejects.toThrow(
      /refused to connect to http:\/\/169\.254\.169\.254.*metadata/,
    );
    await expect(f(`${origin}/to-private`)).rejects.toThrow(/10\.0\.0\.1 is in a private network range/);
    await expect(f(`${origin}/loop`)).rejects.toThrow(/too many redirects/);
  });
});
