/**
 * The YAML functions the CLI imports on demand. Through this module rather than `import('yaml')`: the
 * package is CommonJS and bundled, and a dynamic import of a bundled CommonJS package has only a default
 * export (see scripts/bundle-cli.mjs).
 * @module
 */
export { parse, stringify } from 'yaml';
