/** The viewer's live events, as server-sent events (src/streams.ts keeps them). */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';

export function eventRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, context, 'GET', '/v1/events', { caller: 'member', stream: true }, async ({ request, reply }) => {
    const caller = memberCalling(request);
    const lastEventId = request.headers['last-event-id'];
    const admission = await context.hub.admit(caller.store, caller.memberId);
    let start;
    try {
      start = await context.hub.startOf(
        caller.store,
        caller.memberId,
        typeof lastEventId === 'string' ? lastEventId : undefined,
      );
    } catch (error) {
      admission.release();
      throw error;
    }
    // From here the answer is written by the stream, with the headers set so far (security, CORS).
    reply.hijack();
    await context.hub.open(
      admission,
      caller.store,
      caller.memberId,
      start,
      caller.expiresAt,
      reply.raw,
      reply.getHeaders() as OutgoingHttpHeaders,
    );
    releaseRequest(reply.raw);
  });
}

/**
 * Fastify keeps the request's objects (request, reply, their logger and headers) alive until the
 * response finishes, through its listeners on the response: for a stream open for hours, a few
 * kilobytes each, times thousands of streams. The stream needs none of them once it is open (it
 * is not timed or logged as a request).
 */
function releaseRequest(response: ServerResponse): void {
  for (const event of ['finish', 'error'] as const) {
    for (const listener of response.listeners(event)) {
      if ((listener as { name?: string }).name === 'onResFinished') {
        response.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
  // A write after the client went away emits an error that nobody needs to hear.
  if (response.listenerCount('error') === 0) response.on('error', () => undefined);
}
