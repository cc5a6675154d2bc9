import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { describe, expect, it } from 'vitest';

import { isConnectionLost, isLegacyServerResponse, isSessionExpiredError, isStreamCut } from './errors.js';
import { redactSecrets, redactUrl, secretsOf } from './redact.js';

describe('redaction', () => {
  it('hides whole header values and their long parts', () => {
    const secrets = secretsOf({ Authorization: 'Bearer abcdef123456', 'X-Team': 'blue' });
    expect(redactSecrets('sent Bearer abcdef123456 to x', secrets)).toBe('sent *** to x');
    expect(redactSecrets('token abcdef123456 rejected', secrets)).toBe('token *** rejected');
    expect(redactSecrets('Bearer realm', secrets)).toBe('Bearer realm');
  });

  it('strips userinfo and query values from URLs', () => {
    expect(redactUrl('https://user:pw@example.com/mcp?key=s3cret&x=1')).toBe(
      'https://example.com/mcp?key=***&x=***',
    );
    expect(redactUrl('unix:///tmp/mcp.sock')).toBe('unix:///tmp/mcp.sock');
    expect(redactUrl('not a url')).toBe('<invalid url>');
  });
});

describe('error classification', () => {
  it('recognises an expired session: 404, or 400/401 with a session-not-found body', () => {
    expect(isSessionExpiredError(new StreamableHTTPError(404, 'Error POSTing to endpoint: whatever'))).toBe(
      true,
    );
    expect(
      isSessionExpiredError(
        new StreamableHTTPError(400, 'Error POSTing: Bad Request: No valid session ID provided'),
      ),
    ).toBe(true);
    expect(isSessionExpiredError(new StreamableHTTPError(401, 'Error POSTing: Session not found'))).toBe(
      true,
    );
    expect(isSessionExpiredError(new StreamableHTTPError(401, 'Error POSTing: invalid token'))).toBe(false);
    expect(isSessionExpiredError(new StreamableHTTPError(400, 'Error POSTing: Parse error'))).toBe(false);
    expect(isSessionExpiredError(new StreamableHTTPError(500, 'session not found'))).toBe(false);
    expect(isSessionExpiredError(new Error('404'))).toBe(false);
  });

  it('falls back to legacy SSE on 400, 404 and 405 only', () => {
    for (const code of [400, 404, 405])
      expect(isLegacyServerResponse(new StreamableHTTPError(code, 'x'))).toBe(true);
    for (const code of [401, 403, 500])
      expect(isLegacyServerResponse(new StreamableHTTPError(code, 'x'))).toBe(false);
  });

  it('treats unreachable servers and broken SSE streams as a lost connection', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(isConnectionLost(new TypeError('fetch failed', { cause: refused }))).toBe(true);
    expect(isConnectionLost(new SseError(undefined, 'stream broke', undefined as never))).toBe(true);
    expect(isStreamCut(new Error('SSE stream disconnected: TypeError: terminated'))).toBe(true);
    expect(isStreamCut(new Error('SSE stream disconnected: Error: 500'))).toBe(false);
    expect(isConnectionLost(new StreamableHTTPError(500, 'Internal error'))).toBe(false);
  });
});
