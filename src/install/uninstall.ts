/**
 * `mcp uninstall`: removes the config entry, the package directory, the secrets the install stored, an
 * image it built, and the install record.
 * @module
 */
import { readFile, rm } from 'node:fs/promises';

import { PlatformError, PlatformErrorCode } from '../errors.js';

import { recordFile, type InstallDeps, type InstallRecord } from './flow.js';
import { runCommand } from './run-command.js';
import { sourceOf } from './sources/index.js';

/** Removes an installed server: config entry, package directory, install record, its secrets and image. */
export async function runUninstall(
  deps: InstallDeps,
  name: string,
): Promise<{ name: string; removed: string[] }> {
  const removed: string[] = [];
  const file = recordFile(deps.packagesDir, name);
  const record = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as InstallRecord,
    () => undefined,
  );
  if (await deps.hasServer(name)) {
    await deps.removeServer(name);
    removed.push('config entry');
  }
  if (record?.dir) {
    await rm(record.dir, { recursive: true, force: true });
    removed.push(record.dir);
  }
  if (record) {
    const run = deps.run ?? runCommand;
    await sourceOf(record)
      ?.uninstall?.(record, run)
      .catch(() => undefined);
    // An image this install built (not one it pulled, which other containers may share).
    if (record.image && record.runtime === 'docker' && record.kind !== 'oci') {
      await run(['docker', 'image', 'rm', record.image]).then(
        () => removed.push(`image ${record.image}`),
        () => undefined,
      );
    }
  }
  for (const s of record?.secrets ?? []) {
    await deps.removeSecret(s).catch(() => undefined);
    removed.push(`secret ${s}`);
  }
  if (record) {
    await rm(file, { force: true });
    removed.push('install record');
  }
  if (!removed.length)
    throw new PlatformError(PlatformErrorCode.ServerNotFound, `nothing named "${name}" is installed`, {
      name,
    });
  return { name, removed };
}
