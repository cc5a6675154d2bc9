/**
 * Every client MCP Platform can configure, by id.
 * @module
 */
import { UsageError } from '../errors.js';

import { chatgpt } from './specs/chatgpt.js';
import { claudeCode } from './specs/claude-code.js';
import { claudeDesktop } from './specs/claude-desktop.js';
import { codex } from './specs/codex.js';
import { cursor } from './specs/cursor.js';
import { gemini } from './specs/gemini.js';
import { vscode } from './specs/vscode.js';
import { windsurf } from './specs/windsurf.js';
import { zed } from './specs/zed.js';
import { CLIENT_IDS, type ClientId, type ClientSpec } from './types.js';

const SPECS: Record<ClientId, ClientSpec> = {
  'claude-desktop': claudeDesktop,
  'claude-code': claudeCode,
  cursor,
  vscode,
  windsurf,
  codex,
  gemini,
  chatgpt,
  zed,
};

/** Every client spec, in a stable order. */
export function allClients(): ClientSpec[] {
  return CLIENT_IDS.map((id) => SPECS[id]);
}

/** The spec of a client id; a clear usage error for an unknown one. */
export function clientSpec(id: string): ClientSpec {
  if ((CLIENT_IDS as readonly string[]).includes(id)) return SPECS[id as ClientId];
  throw new UsageError(`unknown client "${id}": choose one of ${CLIENT_IDS.join(', ')}`);
}
