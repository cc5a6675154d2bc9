/**
 * The answer to an action on a server the running platform does not run: either no server of config.yaml
 * has that name, or the server exists but is outside the running profile.
 * @module
 */
import { PlatformError, PlatformErrorCode } from '../errors.js';

/** `configured`: config.yaml defines a server of that name (it is only missing from `profile`). */
export function serverNotFound(name: string, profile: string, configured: boolean): PlatformError {
  return new PlatformError(
    PlatformErrorCode.ServerNotFound,
    configured
      ? `server "${name}" is not part of the running profile "${profile}"`
      : `no server named "${name}"`,
    { name },
    configured
      ? { hint: `add it with \`mcp profile add ${profile} ${name}\`; the running platform picks it up` }
      : { hint: 'see the configured servers with `mcp server list`' },
  );
}
