/**
 * One MCP message per WebSocket text frame, both ways: what the client and the server transports share.
 * @module
 */
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { RawData } from 'ws';

/** The WebSocket subprotocol MCP uses. */
export const MCP_SUBPROTOCOL = 'mcp';

/** Why a frame is not a message: binary, not JSON, or JSON that is not a JSON-RPC message. */
export class FrameError extends Error {
  constructor(
    message: string,
    /** The JSON-RPC error code that fits: -32700 (parse error) or -32600 (invalid request). */
    readonly code: -32700 | -32600,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

/** The message a frame holds, or the {@link FrameError} saying why it holds none. */
export function decodeFrame(data: RawData, isBinary: boolean): JSONRPCMessage | FrameError {
  if (isBinary) return new FrameError('MCP over WebSocket uses text frames; ignored a binary frame', -32600);
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return new FrameError(`frame is not JSON: ${(err as Error).message}`, -32700);
  }
  const parsed = JSONRPCMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : new FrameError('frame is not a JSON-RPC message', -32600);
}
