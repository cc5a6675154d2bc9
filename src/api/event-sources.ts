/**
 * Feeds the API's event hub from the platform (server state changes) and the gateway (sessions opened and
 * closed, lists changed): the one place that listens to both for the event stream.
 * @module
 */
import type { EventEmitter } from 'node:events';

import type { GatewayEvents } from '../gateway/index.js';
import type { PlatformEvents } from '../platform/platform.js';

import type { EventHub } from './event-hub.js';

/** Subscribes the hub; returns the function that unsubscribes it. */
export function feedEvents(
  hub: EventHub,
  platform: EventEmitter<PlatformEvents>,
  gatewayEvents?: EventEmitter<GatewayEvents>,
): () => void {
  const onState: (...a: PlatformEvents['state']) => void = (e) =>
    hub.publish('server.state', { name: e.name, from: e.from, to: e.to });
  const onSession: (...a: GatewayEvents['session']) => void = ({ event, session }) =>
    hub.publish(event === 'opened' ? 'session.opened' : 'session.closed', {
      id: session.id,
      client: session.client,
      transport: session.transport,
      servers: session.servers,
    });
  const onLists: (...a: GatewayEvents['lists']) => void = (e) =>
    hub.publish('lists.changed', { server: e.server, kinds: [...e.kinds] });
  platform.on('state', onState);
  gatewayEvents?.on('session', onSession);
  gatewayEvents?.on('lists', onLists);
  return () => {
    platform.off('state', onState);
    gatewayEvents?.off('session', onSession);
    gatewayEvents?.off('lists', onLists);
  };
}
