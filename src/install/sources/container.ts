/**
 * `--runtime docker`: turns a plan into one that builds an image from a Dockerfile template (or the
 * repository's own Dockerfile) and runs the server with `docker run -i --rm`. Declared variables are passed
 * as `-e NAME` with no value, so Docker takes each one from the server's environment: secrets never appear
 * on a command line.
 * @module
 */
import { renderTemplate, type TemplateName, type TemplateValues } from '../../catalog/docker.js';
import { UsageError } from '../../errors.js';
import type { InstallPlan, NeededTool, NeededVar } from '../plan.js';

import type { SourceContext } from './types.js';

/** The Docker engine requirement of `--runtime docker` (the CLI alone is not enough). */
export const DOCKER_ENGINE: NeededTool = {
  command: 'docker',
  engine: true,
  hint: 'install Docker and start its engine (`docker info` must work), or install without --runtime docker',
};

/** The Docker engine requirement of a container image (oci:/docker: sources), which only runs in one. */
export const IMAGE_ENGINE: NeededTool = {
  command: 'docker',
  engine: true,
  hint: 'install Docker and start its engine (`docker info` must work): a container image runs only there',
};

/** A local image tag for a server. */
export function imageTag(name: string, version: string | undefined): string {
  const tag = (version ?? 'local').replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 128) || 'local';
  return `mcp-platform/${name}:${tag}`;
}

/** The `docker run` argv of a server: stdio attached, removed on exit, variables passed by name. */
export function dockerRunArgs(image: string, vars: NeededVar[], args: string[] = []): string[] {
  return ['run', '-i', '--rm', ...vars.flatMap((v) => ['-e', v.name]), image, ...args];
}

/** A plan that runs an existing image (oci:/docker: sources). */
export function runImagePlan(base: InstallPlan, image: string): InstallPlan {
  return {
    ...base,
    runtime: 'docker',
    image,
    server: { command: 'docker', args: dockerRunArgs(image, base.vars) },
    requires: [...(base.requires ?? []).filter((t) => t.command !== 'docker'), IMAGE_ENGINE],
  };
}

/** A plan that builds `context` (default `{dir}`, holding the rendered Dockerfile) and runs the image. */
export function buildImagePlan(
  base: InstallPlan,
  opts: { dockerfile?: string | undefined; context?: string | undefined; template?: string | undefined },
): InstallPlan {
  const image = imageTag(base.name, base.version);
  return {
    ...base,
    runtime: 'docker',
    image,
    installsFiles: true,
    files: opts.dockerfile ? { ...base.files, Dockerfile: opts.dockerfile } : base.files,
    commands: [['docker', 'build', '-t', image, opts.context ?? '{dir}']],
    commandEnv: undefined,
    server: { command: 'docker', args: dockerRunArgs(image, base.vars) },
    requires: [DOCKER_ENGINE],
    why: [
      ...base.why,
      opts.template
        ? `--runtime docker: an image built from the ${opts.template} template (mcp docker render), run with docker run -i --rm`
        : '--runtime docker: an image built from the repository Dockerfile, run with docker run -i --rm',
    ],
  };
}

/** Renders a template for `--runtime docker`; every ecosystem needs a pinned version there. */
export async function templatePlan(
  base: InstallPlan,
  ctx: SourceContext,
  template: TemplateName,
  values: TemplateValues,
): Promise<InstallPlan> {
  if (!ctx.template) throw new UsageError('--runtime docker is not available here (no templates)');
  if (!values.VERSION) {
    throw new UsageError(
      `--runtime docker builds a pinned image: give a version (${base.source}@<version>)`,
      'the Dockerfile templates pin every package version',
    );
  }
  const dockerfile = renderTemplate(await ctx.template(template), values);
  return buildImagePlan(base, { dockerfile, template });
}
