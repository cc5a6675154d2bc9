/**
 * Reads a checked-out repository into what detection needs: its file list (three levels deep, without
 * dependency and build folders) and the manifests' contents. Synchronous: a repository's top levels are
 * small, and local plans stay synchronous for their callers.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { isManifest, type RepoFiles } from './detect.js';

const SKIP = new Set(['.git', 'node_modules', 'target', 'vendor', '.venv', 'venv', 'dist', '__pycache__']);
const MAX_FILES = 5000;

/** Lists `root` and reads its manifests. */
export function readRepoFiles(root: string): RepoFiles {
  const files: string[] = [];
  const walk = (rel: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= MAX_FILES) return;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && depth < 3) walk(p, depth + 1);
      } else files.push(p);
    }
  };
  walk('', 1);
  const read: Record<string, string> = {};
  for (const f of files.filter(isManifest)) read[f] = readFileSync(path.join(root, f), 'utf8');
  return { files, read };
}
