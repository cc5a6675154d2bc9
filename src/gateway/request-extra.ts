/**
 * What a method handler gets with a request the downstream session answers itself.
 * @module
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestId, ServerNotification } from '@modelcontextprotocol/sdk/types.js';

import type { Cancellation } from './cancellation.js';
import type { DownstreamExtra, JsonObject } from './passthrough.js';

/** What a handler gets with a request the session answers itself (a class: no closures per request). */
export class RequestExtra implements DownstreamExtra {
  constructor(
    readonly cancel: Cancellation,
    readonly requestId: RequestId,
    readonly sessionId: string | undefined,
    private readonly server: Server,
  ) {}

  get signal(): AbortSignal {
    return this.cancel.signal;
  }

  async sendNotification(n: { method: string; params?: JsonObject }): Promise<void> {
    if (this.cancel.aborted) return;
    await this.server.notification(n as ServerNotification, { relatedRequestId: this.requestId });
  }
}
