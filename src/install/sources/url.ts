/**
 * Remote servers: nothing is installed; the definition holds the URL (and headers the entry declares).
 * The URL goes through the outbound guard when it is contacted.
 * @module
 */
import { UsageError } from '../../errors.js';
import { slug, type InstallPlan, type NeededVar } from '../plan.js';

import type { InstallSource } from './types.js';

/** Plans a remote server. */
export function planUrl(url: string, headers: NeededVar[] = []): InstallPlan {
  const host = new URL(url).hostname.replace(/^(www|mcp|api)\./, '');
  return {
    name: slug(host.split('.')[0] ?? 'remote'),
    kind: 'url',
    source: `url:${url}`,
    commands: [],
    installsFiles: false,
    server: {
      url,
      ...(headers.length
        ? { headers: Object.fromEntries(headers.map((h) => [h.name, `{var:${h.name}}`])) }
        : {}),
    },
    vars: headers,
    why: [`remote server at ${url} (transport auto: Streamable HTTP, then SSE)`],
  };
}

/** The remote URL source. */
export const urlSource: InstallSource = {
  kind: 'url',
  async plan(ref, ctx) {
    if (ctx.runtime === 'docker')
      throw new UsageError('a remote server runs elsewhere: --runtime docker does not apply');
    return planUrl(ref.target);
  },
};
