/**
 * Splitting a command line into an argv array without a shell: whitespace separates words; single quotes
 * keep everything literally; double quotes keep whitespace and honour `\"` and `\\`; a backslash outside
 * quotes escapes the next character. No variables, globs, pipes or redirections: nothing is interpreted.
 * @module
 */
import { UsageError } from '../errors.js';

/**
 * @example splitCommand(`node server.js --name "my server" 'a b'`) // ['node', 'server.js', '--name', 'my server', 'a b']
 */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(`unterminated ${quote} quote in command: ${line}`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new UsageError('the command is empty');
  return words;
}
