import { describe, expect, it } from 'vitest';

import { parsePort } from './port.js';

describe('parsePort', () => {
  it('takes 0 to 65535', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8090')).toBe(8090);
    expect(parsePort('65535')).toBe(65535);
  });

  it('refuses anything else with a usage error naming the value', () => {
    for (const bad of ['abc', '', '-1', '65536', '80.5', '1e3', ' 80'])
      expect(() => parsePort(bad)).toThrow(
        expect.objectContaining({
          name: 'UsageError',
          message: `--port ${bad} is not a port: give 0 to 65535`,
        }),
      );
  });
});
