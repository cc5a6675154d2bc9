/**
 * File helpers of the backup library: hashing, copying a tree with its modes, walking, temp dirs.
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, mkdtemp, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Hex SHA-256 of a file's content. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Whether something exists at `p` (a dangling symlink counts). */
export async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Copies a directory tree of regular files and directories, keeping permission bits (secrets are
 * 0600). Symlinks, sockets and the like are skipped: a backup holds content, not pointers.
 */
export async function copyTree(from: string, to: string): Promise<void> {
  const mode = (await stat(from)).mode & 0o777;
  await mkdir(to, { recursive: true, mode });
  await chmod(to, mode);
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      await copyTree(src, dst);
    } else if (entry.isFile()) {
      await copyFile(src, dst);
      await chmod(dst, (await stat(src)).mode & 0o777);
    }
  }
}

/** Relative POSIX paths of every regular file under `root`, sorted. */
export async function walkFiles(root: string, sub = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, sub), { withFileTypes: true })) {
    const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await walkFiles(root, rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** A fresh private directory under `parent` (created if missing). */
export async function privateTempDir(parent: string, prefix: string): Promise<string> {
  await mkdir(parent, { recursive: true, mode: 0o700 });
  return mkdtemp(path.join(parent, prefix));
}
