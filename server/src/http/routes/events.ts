/** The viewer's live events, as server-sent events (src/streams.ts keeps them). */
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';

export function eventRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, context, 'GET', '/v1/events', { caller: 'member', stream: true }, async ({ request, reply }) => {
    const caller = memberCalling(request);
    const lastEventId = request.headers['last-event-id'];
    const admission = context.hub.admit(caller.store.space, caller.memberId);
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
  });
}
