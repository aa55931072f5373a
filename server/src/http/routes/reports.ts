/** Reports of a message or a conversation to the portal's moderators. */
import type { FastifyInstance } from 'fastify';
import { memberOf, type AppContext } from '../context.js';
import { route } from '../route.js';

export function reportRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, 'POST', '/v1/reports', async (request, reply) => {
    const { store, memberId } = await memberOf(context, request);
    return reply.code(201).send(await store.report(memberId, request.body));
  });
}
