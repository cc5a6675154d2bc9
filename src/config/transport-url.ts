/**
 * Which transports a remote server's URL can be reached over: one rule for the config schema (every way a
 * server definition comes in) and the transport factory.
 * @module
 */

/** The transport a URL's scheme is reached over, or why the configured transport cannot reach it. */
export type TransportUrlCheck =
  | { ok: true; strategy: 'unix' | 'websocket' | 'auto' | 'streamable-http' | 'sse' }
  | { ok: false; unsupportedScheme: boolean; hint: string };

/**
 * Checks `transport` against the scheme of `url`.
 * @example transportForUrl('http://h/mcp', 'websocket') // { ok: false, hint: 'WebSocket servers have ws:// or wss:// URLs', ... }
 */
export function transportForUrl(url: string, transport: string): TransportUrlCheck {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  const refuse = (hint: string): TransportUrlCheck => ({ ok: false, unsupportedScheme: false, hint });
  switch (scheme) {
    case 'unix':
      if (transport !== 'auto')
        return refuse('unix: URLs speak newline-delimited JSON-RPC; set transport: auto');
      return { ok: true, strategy: 'unix' };
    case 'ws':
    case 'wss':
      if (transport !== 'auto' && transport !== 'websocket')
        return refuse('use an http(s) URL for Streamable HTTP or SSE, or set transport: websocket');
      return { ok: true, strategy: 'websocket' };
    case 'http':
    case 'https':
      if (transport === 'websocket') return refuse('WebSocket servers have ws:// or wss:// URLs');
      return { ok: true, strategy: transport as 'auto' | 'streamable-http' | 'sse' };
    default:
      return { ok: false, unsupportedScheme: true, hint: 'use an http(s), ws(s) or unix URL' };
  }
}
