/**
 * Where the installed package lives, for files it ships (JSON Schema, catalog).
 * @module
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root (the folder holding package.json). */
export function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The config JSON Schema reference written at the top of a new config.yaml. */
export function schemaHint(): string {
  return path.join(packageRoot(), 'schema', 'config.schema.json');
}
