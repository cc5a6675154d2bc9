/**
 * `/api/v1/events`: Server-Sent Events of state changes (server states, list changes, sessions). A client
 * that reconnects with `Last-Event-ID` first gets the events it missed, as far as they are still kept.
 * @module
 */
import * as z from 'zod';

import type { ApiEvent } from '../event-hub.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { HttpError } from '../router.js';

const eventSchema = z.object({
  id: z.number().int(),
  type: z.enum(['server.state', 'lists.changed', 'session.opened', 'session.closed']),
  at: z.number(),
  data: z.object({}).catchall(z.unknown()),
});

/** The SSE framing of one event: `id`, `event` (its type) and `data` (the whole event as JSON). */
export function sseFrame(e: ApiEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
}

/** Event routes. */
export const eventRoutes: ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/events',
    tag: 'events',
    summary: 'Server-Sent Events of state changes',
    description:
      'Event names: server.state {name, from, to}, lists.changed {server, kinds}, session.opened and ' +
      'session.closed {id, client}. Each data line is the whole event as JSON.',
    scope: 'read',
    query: z.object({
      types: z.string().optional().describe('Comma-separated event types to receive (default: all)'),
    }),
    response: eventSchema,
    stream: { contentType: 'text/event-stream', item: eventSchema },
    handler: ({ deps, req, res, query }) => {
      const hub = deps.events;
      if (!hub) throw new HttpError(404, 'NOT_AVAILABLE', 'the event stream is not enabled');
      const wanted = query.types ? new Set(query.types.split(',').map((t) => t.trim())) : undefined;
      const send = (e: ApiEvent): void => {
        if (!wanted || wanted.has(e.type)) res.write(sseFrame(e));
      };
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      const last = Number(req.headers['last-event-id']);
      if (Number.isSafeInteger(last) && last > 0) for (const e of hub.since(last)) send(e);
      const stop = hub.subscribe(send);
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      const end = (): void => {
        stop();
        clearInterval(keepAlive);
      };
      req.on('close', end);
      res.on('close', end);
      return undefined;
    },
  }),
];
