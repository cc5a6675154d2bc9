/**
 * Container images (`oci:` / `docker:`): pulled with `docker pull`, run with `docker run -i --rm`. Declared
 * variables go to the container as `-e NAME` (value taken from the server's environment, never the argv).
 * @module
 */
import { slug, type InstallPlan, type NeededVar } from '../plan.js';

import { dockerRunArgs, IMAGE_ENGINE } from './container.js';
import type { InstallSource } from './types.js';

/** Plans an image: pulled once, then run per start. */
export function planOci(image: string, tag: string | undefined, vars: NeededVar[] = []): InstallPlan {
  const ref = tag ? `${image}:${tag}` : image;
  const name = image.split('/').pop()!;
  return {
    name: slug(name),
    kind: 'oci',
    source: `oci:${ref}`,
    package: image,
    version: tag,
    commands: [['docker', 'pull', ref]],
    installsFiles: false,
    runtime: 'docker',
    image: ref,
    server: { command: 'docker', args: dockerRunArgs(ref, vars) },
    requires: [IMAGE_ENGINE],
    vars,
    why: [`container image ${ref}, run with docker run -i --rm (variables passed by name with -e)`],
  };
}

/** The container image source. */
export const ociSource: InstallSource = {
  kind: 'oci',
  async plan(ref) {
    return planOci(ref.target, ref.version);
  },
  async latest() {
    return { status: 'unknown', reason: 'image tags are not compared: install a newer tag to update' };
  },
};
