import { describe, expect, it } from 'vitest';

import { decodeFrame, FrameError } from './websocket-frame.js';

describe('decodeFrame', () => {
  it('reads one JSON-RPC message from a text frame, whole or in fragments', () => {
    const text = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
    expect(decodeFrame(Buffer.from(text), false)).toEqual({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const parts = [Buffer.from(text.slice(0, 9)), Buffer.from(text.slice(9))];
    expect(decodeFrame(parts, false)).toEqual({ jsonrpc: '2.0', id: 1, method: 'ping' });
  });

  it('says why a frame holds no message, with the JSON-RPC code that fits', () => {
    const binary = decodeFrame(Buffer.from('{}'), true);
    expect(binary).toBeInstanceOf(FrameError);
    expect((binary as FrameError).code).toBe(-32600);
    expect((decodeFrame(Buffer.from('{oops'), false) as FrameError).code).toBe(-32700);
    expect((decodeFrame(Buffer.from('{"hello":1}'), false) as FrameError).code).toBe(-32600);
  });
});
