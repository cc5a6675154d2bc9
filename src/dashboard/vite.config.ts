/**
 * Builds the dashboard (Preact) into dist/dashboard, which the platform serves at `/`. Run by
 * `npm run build`; `npx vite --config src/dashboard/vite.config.ts` serves it for development.
 */
import { fileURLToPath } from 'node:url';

import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline bootstrap script: the Content-Security-Policy allows scripts from files only.
    modulePreload: { polyfill: false },
  },
});
