/**
 * ChatGPT: no config file. Its connectors reach servers over the public internet, so the gateway must be
 * exposed with TLS; the notes say how and what to enter.
 * @module
 */
import type { ClientSpec } from '../types.js';

export const chatgpt: ClientSpec = {
  id: 'chatgpt',
  label: 'ChatGPT',
  format: 'none',
  scopes: [],
  path: () => undefined,
  serversKey: '',
  entry: (t) => ({ url: t.url, authentication: 'API key (Bearer)', key: t.key }),
  notes: (t) => [
    'ChatGPT connects only to a public HTTPS URL; it cannot reach 127.0.0.1.',
    'Expose the gateway through a TLS reverse proxy or tunnel you control (for example Caddy with a domain, or `cloudflared tunnel --url http://127.0.0.1:<port>`),',
    '  and add its public hostname to `gateway.allowedOrigins` if the proxy forwards a browser Origin.',
    `In ChatGPT: Settings > Connectors > Create: URL https://<your-host>${new URL(t.url).pathname}, authentication "API key", header Authorization: Bearer <key>.`,
    'Never expose the gateway without its API key: keep `gateway.auth: true`.',
  ],
};
