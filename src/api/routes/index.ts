/**
 * Every route of the control API, in registration order. The OpenAPI document is generated from this list.
 * @module
 */
import * as z from 'zod';

import { buildOpenApiDocument } from '../openapi.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';
import { anyObject } from '../schemas.js';

import { authRoutes } from './auth.js';
import { backupRoutes } from './backups.js';
import { catalogRoutes } from './catalog.js';
import { clientRoutes } from './clients.js';
import { eventRoutes } from './events.js';
import { installRoutes } from './install.js';
import { inventoryRoutes } from './inventory.js';
import { keyRoutes } from './keys.js';
import { metricsRoutes } from './metrics.js';
import { profileRoutes } from './profiles.js';
import { serverControlRoutes } from './server-control.js';
import { serverRoutes } from './servers.js';
import { systemRoutes } from './system.js';

const auditRoute = defineRoute({
  method: 'get',
  path: '/api/v1/audit',
  tag: 'system',
  summary: 'The audit log, newest first (servers added, commands changed, installs)',
  scope: 'admin',
  query: z.object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    action: z.string().max(64).optional(),
  }),
  response: z.array(
    z.object({
      id: z.number(),
      at: z.number(),
      actor: z.string(),
      action: z.string(),
      target: z.string(),
      details: z.unknown(),
    }),
  ),
  handler: async ({ deps, query }) => {
    if (!deps.storage) throw new HttpError(404, 'NOT_AVAILABLE', 'the audit log is not available');
    return deps.storage.audit.list({ limit: query.limit, ...(query.action ? { action: query.action } : {}) });
  },
});

const documented: ApiRoute[] = [
  ...systemRoutes,
  auditRoute,
  ...authRoutes,
  ...serverRoutes,
  ...serverControlRoutes,
  ...profileRoutes,
  ...inventoryRoutes,
  ...catalogRoutes,
  ...installRoutes,
  ...keyRoutes,
  ...clientRoutes,
  ...backupRoutes,
  ...metricsRoutes,
  ...eventRoutes,
];

const openApiRoute = defineRoute({
  method: 'get',
  path: '/api/v1/openapi.json',
  tag: 'system',
  summary: 'This document',
  scope: 'read',
  response: anyObject,
  handler: ({ deps }) => buildOpenApiDocument(API_ROUTES, deps.describe().version),
});

/** Every route, the OpenAPI document's own included. */
export const API_ROUTES: readonly ApiRoute[] = [...documented, openApiRoute];
