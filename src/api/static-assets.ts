/**
 * Serves the built dashboard (`dist/dashboard`) from the platform's own listener: content types, long
 * immutable caching for hashed `/assets/*`, revalidation (ETag) for everything else, gzip when the browser
 * takes it, and the SPA fallback (an unknown path without an extension gets `index.html`). Files are read
 * once and kept in memory: the bundle is small and never changes while the platform runs.
 * @module
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** Content types by extension. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map']);

/**
 * The Content-Security-Policy of the dashboard: scripts, styles and connections from this origin only;
 * no inline scripts, no eval, no framing.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: Buffer;
  gzip: Buffer | undefined;
  type: string;
  etag: string;
  immutable: boolean;
}

/** A static file server over one directory. */
export class StaticAssets {
  private readonly cache = new Map<string, Promise<Asset | undefined>>();
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Whether the dashboard was built (its index.html exists). */
  async available(): Promise<boolean> {
    return (await this.load('index.html')) !== undefined;
  }

  /**
   * Serves `pathname` (GET or HEAD). Resolves false when there is no such file and no fallback applies
   * (the caller answers 404).
   */
  async serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      return false;
    }
    if (rel.includes('\0')) return false;
    let asset = rel === '' ? await this.load('index.html') : await this.load(rel);
    // SPA fallback: client-side routes (no extension) get the app; missing assets stay 404.
    if (!asset && !path.extname(rel) && !rel.startsWith('assets/')) asset = await this.load('index.html');
    if (!asset) return false;
    const headers: Record<string, string> = {
      'content-type': asset.type,
      etag: asset.etag,
      'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
    };
    if (asset.type.startsWith('text/html')) {
      headers['content-security-policy'] = DASHBOARD_CSP;
      headers['x-frame-options'] = 'DENY';
      headers['referrer-policy'] = 'no-referrer';
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['permissions-policy'] = 'camera=(), microphone=(), geolocation=()';
    }
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const gzip = asset.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzip! : asset.body;
    if (gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }

  private load(rel: string): Promise<Asset | undefined> {
    let p = this.cache.get(rel);
    if (!p) {
      p = this.read(rel);
      this.cache.set(rel, p);
    }
    return p;
  }

  private async read(rel: string): Promise<Asset | undefined> {
    const file = path.resolve(this.root, rel);
    // Nothing outside the root, whatever the path says.
    if (file !== this.root && !file.startsWith(this.root + path.sep)) return undefined;
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      this.cache.delete(rel); // a later build may add it
      return undefined;
    }
    const body = await fs.readFile(file);
    const ext = path.extname(file).toLowerCase();
    return {
      body,
      gzip: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : undefined,
      type: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: rel.startsWith('assets/'),
    };
  }
}
