/**
 * Moving secrets out of imported server definitions: environment values and headers that hold credentials
 * go to the secret store and are replaced by `${secret:NAME}` references, so config.yaml never holds them.
 * @module
 */

/** Environment variable names that hold credentials. */
const SECRET_ENV = /(TOKEN|SECRET|PASSW(OR)?D|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|(^|_)PAT$)/i;
/** Header names that hold credentials. */
const SECRET_HEADER =
  /^(authorization|proxy-authorization|x-api-key|api-key|x-auth-token|cookie)$|token|secret/i;

/** A definition with its secrets taken out. */
export interface SecretSplit {
  def: Record<string, unknown>;
  /** Secret name -> value. */
  secrets: Record<string, string>;
}

const normalize = (text: string): string =>
  text
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');

/**
 * The secret name of `key` of `server`: `<SERVER>_<KEY>`, or the key alone when it already starts with the
 * server's name (`GITHUB_TOKEN` of `github`); a name another value took first gets a number (`_2`, ...).
 */
function secretName(server: string, key: string, taken: Record<string, string>, value: string): string {
  const prefixed = normalize(`${server}_${key}`);
  const own = normalize(key);
  const free = (name: string): boolean => taken[name] === undefined || taken[name] === value;
  if (own.startsWith(`${normalize(server)}_`) && free(own)) return own;
  for (let n = 2, name = prefixed; ; name = `${prefixed}_${n++}`) if (free(name)) return name;
}

const isReference = (v: string): boolean => /^\$\{[^}]+\}$/.test(v.trim());

/**
 * Replaces credential-looking env values and headers of `def` with secret references.
 * @example splitSecrets('github', { command: 'npx', env: { GITHUB_TOKEN: 'ghp_x' } })
 * // { def: { command: 'npx', env: { GITHUB_TOKEN: '${secret:GITHUB_TOKEN}' } }, secrets: { GITHUB_TOKEN: 'ghp_x' } }
 */
export function splitSecrets(server: string, def: Record<string, unknown>): SecretSplit {
  const secrets: Record<string, string> = {};
  const out: Record<string, unknown> = { ...def };
  const env = def.env as Record<string, string> | undefined;
  if (env) {
    out.env = Object.fromEntries(
      Object.entries(env).map(([k, v]) => {
        if (!SECRET_ENV.test(k) || v === '' || isReference(v)) return [k, v];
        const name = secretName(server, k, secrets, v);
        secrets[name] = v;
        return [k, `\${secret:${name}}`];
      }),
    );
  }
  const headers = def.headers as Record<string, string> | undefined;
  if (headers) {
    out.headers = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => {
        if (!SECRET_HEADER.test(k) || v === '' || isReference(v)) return [k, v];
        const scheme = /^(Bearer|Basic|Token)\s+(.+)$/i.exec(v);
        const value = scheme ? scheme[2]! : v;
        const name = secretName(server, k, secrets, value);
        secrets[name] = value;
        return [k, scheme ? `${scheme[1]} \${secret:${name}}` : `\${secret:${name}}`];
      }),
    );
  }
  return { def: out, secrets };
}
