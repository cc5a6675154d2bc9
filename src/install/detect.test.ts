/**
 * Language detection on the fixture repositories under test/fixtures/repos (GitHub cannot be reached from
 * the test machines, so detection is proven on local copies of what repositories hold): what each
 * manifest says, the priority published package > Dockerfile > source, and the build and run commands.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { detectRepo, type RunWay } from './detect.js';
import { readRepoFiles } from './repo-files.js';

const REPOS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/repos');
const detect = (name: string) => detectRepo(readRepoFiles(path.join(REPOS, name)));
const kinds = (ways: RunWay[]) =>
  ways.map((w) =>
    w.way === 'package'
      ? `package:${w.kind}:${w.identifier}`
      : w.way === 'source'
        ? `source:${w.language}`
        : w.way,
  );

describe('language detection on fixture repositories', () => {
  it('node (private): builds from source with npm install and npm run build, runs the bin', () => {
    const d = detect('node');
    expect(d.languages).toEqual(['node']);
    expect(d.evidence).toEqual(['package.json (fixture-node-mcp, private) + tsconfig.json (TypeScript)']);
    expect(kinds(d.ways)).toEqual(['source:node']);
    const source = d.ways[0] as Extract<RunWay, { way: 'source' }>;
    expect(source.commands).toEqual([
      ['npm', 'install', '--prefix', '{src}', '--no-audit', '--no-fund'],
      ['npm', 'run', 'build', '--prefix', '{src}'],
    ]);
    expect(source.server).toEqual({ command: 'node', args: ['{src}/dist/server.js'] });
  });

  it('node (published): the npm package comes first; a lockfile means npm ci', () => {
    const d = detect('node-published');
    expect(kinds(d.ways)).toEqual(['package:npm:@example/published-mcp', 'source:node']);
    const source = d.ways[1] as Extract<RunWay, { way: 'source' }>;
    expect(source.commands[0]).toEqual(['npm', 'ci', '--prefix', '{src}', '--no-audit', '--no-fund']);
    expect(source.server.args).toEqual(['{src}/build/index.js']);
  });

  it('python with requirements.txt: a venv under MCP_HOME, pip install -r, python server.py', () => {
    const d = detect('python');
    expect(d.languages).toEqual(['python']);
    expect(kinds(d.ways)).toEqual(['source:python']);
    const source = d.ways[0] as Extract<RunWay, { way: 'source' }>;
    expect(source.commands).toEqual([
      ['python3', '-m', 'venv', '{dir}/venv'],
      [
        '{dir}/venv/bin/python',
        '-m',
        'pip',
        'install',
        '--no-input',
        '--disable-pip-version-check',
        '-r',
        '{src}/requirements.txt',
      ],
    ]);
    expect(source.server).toEqual({ command: '{dir}/venv/bin/python', args: ['{src}/server.py'] });
    expect(source.writesDir).toBe(true);
  });

  it('python with pyproject.toml: the PyPI package first; from source it runs its [project.scripts]', () => {
    const d = detect('python-pyproject');
    expect(d.name).toBe('weather-mcp');
    expect(kinds(d.ways)).toEqual(['package:pypi:weather-mcp', 'source:python']);
    const source = d.ways[1] as Extract<RunWay, { way: 'source' }>;
    expect(source.commands.at(-1)).toEqual([
      '{dir}/venv/bin/python',
      '-m',
      'pip',
      'install',
      '--no-input',
      '--disable-pip-version-check',
      '{src}',
    ]);
    expect(source.server.command).toBe('{dir}/venv/bin/weather-mcp');
  });

  it('go: the module (with its cmd/ main package) first, else go build into {dir}/bin', () => {
    const d = detect('go');
    expect(kinds(d.ways)).toEqual(['package:go:github.com/example/weather-mcp/cmd/weather', 'source:go']);
    const source = d.ways[1] as Extract<RunWay, { way: 'source' }>;
    expect(source.commands).toEqual([
      ['go', '-C', '{src}', 'build', '-o', '{dir}/bin/weather', './cmd/weather'],
    ]);
    expect(source.server.command).toBe('{dir}/bin/weather');
  });

  it('rust: the crate first, else cargo build --release and its [[bin]]', () => {
    const d = detect('rust');
    expect(kinds(d.ways)).toEqual(['package:cargo:files-mcp', 'source:rust']);
    const source = d.ways[1] as Extract<RunWay, { way: 'source' }>;
    expect(source.commands).toEqual([['cargo', 'build', '--release', '--manifest-path', '{src}/Cargo.toml']]);
    expect(source.server.command).toBe('{src}/target/release/files-mcp-server');
  });

  it('ruby: the gem from the gemspec first, else bundle install with BUNDLE_PATH under MCP_HOME', () => {
    const d = detect('ruby');
    expect(d.evidence).toEqual(['Gemfile + notes-mcp.gemspec (notes-mcp)']);
    expect(kinds(d.ways)).toEqual(['package:gem:notes-mcp', 'source:ruby']);
    const source = d.ways[1] as Extract<RunWay, { way: 'source' }>;
    expect(source.commandEnv).toEqual({ BUNDLE_GEMFILE: '{src}/Gemfile', BUNDLE_PATH: '{dir}/bundle' });
    expect(source.server).toMatchObject({ command: 'bundle', args: ['exec', 'ruby', '{src}/exe/notes-mcp'] });
  });

  it('php: a "project" is not a published package; composer install, then php its bin', () => {
    const d = detect('php');
    expect(kinds(d.ways)).toEqual(['source:php']);
    const source = d.ways[0] as Extract<RunWay, { way: 'source' }>;
    expect(source.server).toEqual({ command: 'php', args: ['{src}/bin/tasks-mcp'] });
  });

  it('a Dockerfile ranks after a published package and before a build from source', () => {
    expect(kinds(detect('docker').ways)).toEqual(['dockerfile']);
    const both = detectRepo({
      files: ['Dockerfile', 'package.json'],
      read: { Dockerfile: 'FROM x', 'package.json': JSON.stringify({ name: 'x-mcp', bin: 'i.js' }) },
    });
    expect(kinds(both.ways)).toEqual(['package:npm:x-mcp', 'dockerfile', 'source:node']);
  });

  it('says why a language it found cannot run', () => {
    const d = detectRepo({
      files: ['package.json'],
      read: { 'package.json': '{"name":"tools","private":true}' },
    });
    expect(d.ways).toEqual([]);
    expect(d.notes).toEqual(['package.json has no "bin" or "main": nothing to run']);
    expect(detectRepo({ files: ['README.md'], read: {} })).toMatchObject({ languages: [], ways: [] });
  });
});
