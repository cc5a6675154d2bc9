#!/usr/bin/env node
// Usage: npm run schema   (after npm run build) — writes schema/config.schema.json from the zod schema.
import { writeFileSync } from 'node:fs';

import { configJsonSchema } from '../dist/config/schema.js';

const file = new URL('../schema/config.schema.json', import.meta.url);
writeFileSync(file, JSON.stringify(configJsonSchema(), null, 2) + '\n');
console.log(`wrote ${file.pathname}`);
