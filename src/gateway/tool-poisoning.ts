/**
 * Heuristics for tool poisoning: text in a tool's description or schema that addresses the model rather
 * than the user. Findings are warnings (a description may legitimately say "important"); they are logged
 * and audited, not enforced.
 * @module
 */
import type { NamedItem } from './catalog.js';

/** Phrases that instruct the model behind the user's back. */
const HIDDEN_INSTRUCTIONS: readonly RegExp[] = [
  /<\s*(important|system|instructions?|secret)\s*>/i,
  /ignore (all |any )?(previous|prior|above|earlier) (instructions|prompts?)/i,
  /do not (tell|inform|mention|show)( this to)? (the )?user/i,
  /(without|never) (telling|informing|asking) the user/i,
  /before (using|calling) (this|any other) tool/i,
  /(read|open|send|upload|exfiltrate)[^.]{0,40}(\.ssh|id_rsa|\.env|credentials|api[_ -]?key|password)/i,
];

/** Zero-width, bidirectional-override and tag characters: text a person does not see. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/u;

/** A long run of base64 (hidden payloads). */
const BASE64 = /[A-Za-z0-9+/]{120,}={0,2}/;

/** A reference to a tool of another server through the gateway (`<server>__<tool>`) or by an explicit mention. */
const OTHER_TOOL =
  /\b[a-z0-9][a-z0-9-]{0,31}__[A-Za-z0-9_-]+\b|\b(other|another) (mcp )?server'?s? tools?\b/i;

/** The findings for one tool, as short sentences; empty when nothing looks wrong. */
export function poisoningFindings(tool: NamedItem): string[] {
  const text = [tool.title, tool.description, JSON.stringify(tool.inputSchema ?? {})]
    .filter((t): t is string => typeof t === 'string')
    .join('\n');
  const findings: string[] = [];
  if (HIDDEN_INSTRUCTIONS.some((re) => re.test(text))) findings.push('instructions addressed to the model');
  if (INVISIBLE.test(text)) findings.push('invisible or bidirectional-override characters');
  if (BASE64.test(text)) findings.push('a long base64 payload');
  if (OTHER_TOOL.test(text)) findings.push("references to other servers' tools");
  return findings;
}
