/**
 * The gateway entry of a client as text to paste: the servers object holding the one entry, in the client's
 * format.
 * @module
 */
import { setTable } from './toml-edit.js';
import { ENTRY_NAME, type ClientSpec, type GatewayTarget } from './types.js';

/** The snippet for `spec` pointing at `target`. */
export function clientSnippet(spec: ClientSpec, target: GatewayTarget): string {
  const entry = spec.entry(target);
  if (spec.format === 'toml') return setTable('', [spec.serversKey, ENTRY_NAME], entry, 'snippet');
  if (spec.format === 'none') return `${JSON.stringify(entry, null, 2)}\n`;
  return `${JSON.stringify({ [spec.serversKey]: { [ENTRY_NAME]: entry } }, null, 2)}\n`;
}
