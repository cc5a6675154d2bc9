/**
 * The manifests of each language, read into the ways a repository can run (see `detect.ts` for the
 * priority). Pure: file lists and manifest texts in, commands with `{src}` and `{dir}` out.
 * @module
 */
import { parse as parseToml } from 'smol-toml';

import type { Detection, RepoFiles, RunWay } from './detect.js';
import type { NeededTool } from './plan.js';

const NPM = '--no-audit';
const tool = (command: string, hint: string): NeededTool => ({ command, hint });

function json(text: string | undefined): Record<string, unknown> | undefined {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

function toml(text: string | undefined): Record<string, unknown> | undefined {
  try {
    return text === undefined ? undefined : (parseToml(text) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Node.js: package.json (+ tsconfig.json). */
export function nodeWays(r: RepoFiles, out: Detection): RunWay[] {
  const pkg = json(r.read['package.json']);
  if (!pkg) return [];
  out.languages.push('node');
  const name = str(pkg.name);
  out.name ??= name;
  out.evidence.push(
    `package.json${name ? ` (${name}${pkg.private === true ? ', private' : ''})` : ''}${r.files.includes('tsconfig.json') ? ' + tsconfig.json (TypeScript)' : ''}`,
  );
  const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(obj(pkg.bin)).filter(str);
  const bin = (bins[0] as string | undefined) ?? str(pkg.main);
  const ways: RunWay[] = [];
  if (name && pkg.private !== true && bins.length)
    ways.push({
      way: 'package',
      language: 'node',
      kind: 'npm',
      identifier: name,
      why: `package.json names the npm package ${name} (not private, has a bin)`,
    });
  if (!bin) {
    out.notes.push('package.json has no "bin" or "main": nothing to run');
    return ways;
  }
  const scripts = obj(pkg.scripts);
  const install = r.files.includes('package-lock.json') ? 'ci' : 'install';
  const commands = [['npm', install, '--prefix', '{src}', NPM, '--no-fund']];
  if (str(scripts.build)) commands.push(['npm', 'run', 'build', '--prefix', '{src}']);
  ways.push({
    way: 'source',
    language: 'node',
    commands,
    server: { command: 'node', args: [`{src}/${bin.replace(/^\.\//, '')}`] },
    writesDir: false,
    requires: [tool('npm', 'install Node.js with npm')],
    why: `Node.js built from source: npm ${install}${str(scripts.build) ? ' && npm run build' : ''}, then node ${bin}`,
  });
  return ways;
}

/** Python: pyproject.toml, setup.py, requirements.txt. */
export function pythonWays(r: RepoFiles, out: Detection): RunWay[] {
  const pyproject = toml(r.read['pyproject.toml']);
  const setup = r.read['setup.py'];
  const hasReq = r.files.includes('requirements.txt');
  if (!pyproject && setup === undefined && !hasReq) return [];
  out.languages.push('python');
  const project = obj(pyproject?.project);
  const name = str(project.name) ?? (setup ? /name\s*=\s*["']([^"']+)["']/.exec(setup)?.[1] : undefined);
  const scripts = Object.keys(obj(project.scripts));
  out.name ??= name;
  out.evidence.push(
    [pyproject && 'pyproject.toml', setup !== undefined && 'setup.py', hasReq && 'requirements.txt']
      .filter(Boolean)
      .join(' + ') + (name ? ` (${name})` : ''),
  );
  const ways: RunWay[] = [];
  if (name)
    ways.push({
      way: 'package',
      language: 'python',
      kind: 'pypi',
      identifier: name,
      why: `${pyproject ? 'pyproject.toml' : 'setup.py'} names the PyPI package ${name}`,
    });
  const pip = ['{dir}/venv/bin/python', '-m', 'pip', 'install', '--no-input', '--disable-pip-version-check'];
  const commands = [['python3', '-m', 'venv', '{dir}/venv']];
  if (hasReq) commands.push([...pip, '-r', '{src}/requirements.txt']);
  if (pyproject || setup !== undefined) commands.push([...pip, '{src}']);
  const entry = ['server.py', 'main.py', 'app.py', 'src/server.py', 'src/main.py'].find((f) =>
    r.files.includes(f),
  );
  const server = scripts[0]
    ? { command: `{dir}/venv/bin/${scripts[0]}`, args: [] }
    : entry
      ? { command: '{dir}/venv/bin/python', args: [`{src}/${entry}`] }
      : undefined;
  if (!server) {
    out.notes.push('Python: no [project.scripts] and no server.py/main.py/app.py to run');
    return ways;
  }
  ways.push({
    way: 'source',
    language: 'python',
    commands,
    server,
    writesDir: true,
    requires: [tool('python3', 'install python3 with its venv module')],
    why: `Python built from source into a venv under MCP_HOME (${hasReq ? 'pip install -r requirements.txt' : 'pip install .'}), then ${scripts[0] ?? `python ${entry}`}`,
  });
  return ways;
}

/** Go: go.mod, with main.go at the root or under cmd/<name>/. */
export function goWays(r: RepoFiles, out: Detection): RunWay[] {
  const mod = r.read['go.mod'];
  if (mod === undefined) return [];
  out.languages.push('go');
  const module = /^module\s+(\S+)/m.exec(mod)?.[1];
  out.evidence.push(`go.mod${module ? ` (${module})` : ''}`);
  out.name ??= module?.split('/').pop();
  const cmd = r.files.find((f) => /^cmd\/[^/]+\/main\.go$/.test(f));
  const mainDir = r.files.includes('main.go') ? '' : cmd ? cmd.slice(0, -'/main.go'.length) : undefined;
  if (mainDir === undefined || !module) {
    out.notes.push('Go: no main.go at the root or under cmd/<name>/');
    return [];
  }
  const pkgPath = mainDir ? `${module}/${mainDir}` : module;
  const bin = (mainDir ? mainDir.split('/').pop() : module.split('/').pop()) ?? 'server';
  const ways: RunWay[] = [];
  if (/^[^/]+\.[^/]+\//.test(module))
    ways.push({
      way: 'package',
      language: 'go',
      kind: 'go',
      identifier: pkgPath,
      why: `go.mod declares the module ${module}`,
    });
  ways.push({
    way: 'source',
    language: 'go',
    commands: [['go', '-C', '{src}', 'build', '-o', `{dir}/bin/${bin}`, `./${mainDir}`]],
    server: { command: `{dir}/bin/${bin}`, args: [] },
    writesDir: true,
    requires: [tool('go', 'install Go (https://go.dev/dl/)')],
    why: `Go built from source: go build ./${mainDir}`,
  });
  return ways;
}

/** Rust: Cargo.toml with a [package]. */
export function rustWays(r: RepoFiles, out: Detection): RunWay[] {
  const cargo = toml(r.read['Cargo.toml']);
  if (!cargo) return [];
  out.languages.push('rust');
  const pkg = obj(cargo.package);
  const name = str(pkg.name);
  out.name ??= name;
  out.evidence.push(`Cargo.toml${name ? ` (${name})` : ' (workspace)'}`);
  if (!name) {
    out.notes.push('Rust: Cargo.toml has no [package] (a workspace): build one member by hand');
    return [];
  }
  const binName = str(obj((cargo.bin as unknown[] | undefined)?.[0]).name) ?? name;
  const ways: RunWay[] = [];
  if (pkg.publish !== false)
    ways.push({
      way: 'package',
      language: 'rust',
      kind: 'cargo',
      identifier: name,
      why: `Cargo.toml names the crate ${name}`,
    });
  ways.push({
    way: 'source',
    language: 'rust',
    commands: [['cargo', 'build', '--release', '--manifest-path', '{src}/Cargo.toml']],
    server: { command: `{src}/target/release/${binName}`, args: [] },
    writesDir: false,
    requires: [tool('cargo', 'install Rust with cargo (https://rustup.rs)')],
    why: `Rust built from source: cargo build --release, then target/release/${binName}`,
  });
  return ways;
}

/** Ruby: Gemfile and *.gemspec. */
export function rubyWays(r: RepoFiles, out: Detection): RunWay[] {
  const gemspecFile = r.files.find((f) => /^[^/]+\.gemspec$/.test(f));
  const hasGemfile = r.files.includes('Gemfile');
  if (!gemspecFile && !hasGemfile) return [];
  out.languages.push('ruby');
  const spec = gemspecFile ? (r.read[gemspecFile] ?? '') : '';
  const name = /\.name\s*=\s*["']([^"']+)["']/.exec(spec)?.[1];
  out.name ??= name;
  out.evidence.push(
    [hasGemfile && 'Gemfile', gemspecFile].filter(Boolean).join(' + ') + (name ? ` (${name})` : ''),
  );
  const ways: RunWay[] = [];
  if (name)
    ways.push({
      way: 'package',
      language: 'ruby',
      kind: 'gem',
      identifier: name,
      why: `${gemspecFile} names the gem ${name}`,
    });
  const exe = r.files.find((f) => /^(exe|bin)\/[^/]+$/.test(f) && !/\/(setup|console|rake|bundle)$/.test(f));
  if (!hasGemfile || !exe) {
    out.notes.push('Ruby: needs a Gemfile and an executable under exe/ or bin/ to build from source');
    return ways;
  }
  const env = { BUNDLE_GEMFILE: '{src}/Gemfile', BUNDLE_PATH: '{dir}/bundle' };
  ways.push({
    way: 'source',
    language: 'ruby',
    commands: [['bundle', 'install']],
    commandEnv: env,
    server: { command: 'bundle', args: ['exec', 'ruby', `{src}/${exe}`], env },
    writesDir: true,
    requires: [tool('bundle', 'install Ruby with Bundler')],
    why: `Ruby built from source: bundle install (BUNDLE_PATH under MCP_HOME), then bundle exec ruby ${exe}`,
  });
  return ways;
}

/** PHP: composer.json. */
export function phpWays(r: RepoFiles, out: Detection): RunWay[] {
  const composer = json(r.read['composer.json']);
  if (!composer) return [];
  out.languages.push('php');
  const name = str(composer.name);
  out.name ??= name?.split('/')[1];
  out.evidence.push(`composer.json${name ? ` (${name})` : ''}`);
  const ways: RunWay[] = [];
  if (name && composer.type !== 'project')
    ways.push({
      way: 'package',
      language: 'php',
      kind: 'composer',
      identifier: name,
      why: `composer.json names the package ${name}`,
    });
  const bin = Array.isArray(composer.bin) ? str(composer.bin[0]) : str(composer.bin);
  if (!bin) {
    out.notes.push('PHP: composer.json has no "bin" to run');
    return ways;
  }
  ways.push({
    way: 'source',
    language: 'php',
    commands: [
      ['composer', 'install', '--working-dir', '{src}', '--no-dev', '--no-interaction', '--no-progress'],
    ],
    server: { command: 'php', args: [`{src}/${bin}`] },
    writesDir: false,
    requires: [tool('composer', 'install Composer and PHP'), tool('php', 'install PHP')],
    why: `PHP built from source: composer install, then php ${bin}`,
  });
  return ways;
}
