/**
 * Whether the programs an install needs are there: executables on PATH, and a running Docker engine.
 * Checked before anything changes, so a missing toolchain fails with what to install and leaves no trace.
 * @module
 */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';

import { lookupEnvVar } from '../config/env.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';

import type { NeededTool } from './plan.js';

/** Whether `command` is an executable on PATH (or an executable path). */
export async function onPath(command: string, pathVar = lookupEnvVar('PATH') ?? ''): Promise<boolean> {
  const candidates = command.includes('/')
    ? [command]
    : pathVar
        .split(path.delimiter)
        .filter(Boolean)
        .map((d) => path.join(d, command));
  for (const c of candidates) {
    if (
      await access(c, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return true;
  }
  return false;
}

/** Whether a Docker engine answers (`docker info` succeeds within 15 s). */
export function dockerEngineRunning(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 15_000 }, (err) =>
      resolve(!err),
    );
  });
}

/** How the checks look at the machine (injectable). */
export interface ToolProbe {
  has(command: string): Promise<boolean>;
  engine(): Promise<boolean>;
}

/** The real machine. */
export const machineProbe: ToolProbe = { has: (c) => onPath(c), engine: dockerEngineRunning };

/** The needed tools that are missing, each with what to install. */
export async function missingTools(tools: NeededTool[], probe: ToolProbe = machineProbe): Promise<string[]> {
  const missing: string[] = [];
  for (const t of tools) {
    if (!(await probe.has(t.command))) missing.push(`${t.command} is not installed: ${t.hint}`);
    else if (t.engine && !(await probe.engine()))
      missing.push(`the Docker engine is not running (docker info failed): ${t.hint}`);
  }
  return missing;
}

/** Throws when a needed tool is missing. */
export async function requireTools(tools: NeededTool[], probe: ToolProbe = machineProbe): Promise<void> {
  const missing = await missingTools(tools, probe);
  if (missing.length) {
    throw new PlatformError(
      PlatformErrorCode.ToolMissing,
      `cannot install: ${missing.join('; ')}`,
      { missing },
      { hint: 'install what is named above, then run the same command again (nothing was changed)' },
    );
  }
}
