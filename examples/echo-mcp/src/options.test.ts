import { describe, expect, it } from 'vitest';

import { parseOptions, UsageError } from './options.js';

describe('parseOptions', () => {
  it('defaults to stdio', () => {
    expect(parseOptions([], {})).toEqual({ help: false, transport: { kind: 'stdio' } });
  });

  it('ignores PORT unless --http is given, so a stray PORT never switches transports', () => {
    expect(parseOptions([], { PORT: '8080' }).transport).toEqual({ kind: 'stdio' });
  });

  it('serves HTTP on 127.0.0.1:3000 by default', () => {
    expect(parseOptions(['--http'], {}).transport).toEqual({
      kind: 'http',
      host: '127.0.0.1',
      port: 3000,
      allowedHosts: [],
    });
  });

  it('takes the port from --port, then PORT', () => {
    expect(parseOptions(['--http', '--port', '0'], { PORT: '9' }).transport).toMatchObject({ port: 0 });
    expect(parseOptions(['--http'], { PORT: '8080' }).transport).toMatchObject({ port: 8080 });
    expect(parseOptions(['--http'], { PORT: '' }).transport).toMatchObject({ port: 3000 });
  });

  it('accepts --host and repeated --allowed-host', () => {
    const options = parseOptions(
      ['--http', '--host', '0.0.0.0', '--allowed-host', 'box', '--allowed-host', 'box:8080'],
      {},
    );
    expect(options.transport).toMatchObject({ host: '0.0.0.0', allowedHosts: ['box', 'box:8080'] });
  });

  it('recognises --help', () => {
    expect(parseOptions(['-h'], {}).help).toBe(true);
    expect(parseOptions(['--help', '--port', 'x'], {}).help).toBe(true);
  });

  it.each([
    [['--http', '--port', 'abc']],
    [['--http', '--port', '70000']],
    [['--http', '--port', '-1']],
    [['--port', '3000']],
    [['--verbose']],
    [['extra']],
  ])('rejects %j with a UsageError', (argv) => {
    expect(() => parseOptions(argv, {})).toThrow(UsageError);
  });
});
