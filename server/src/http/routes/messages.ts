/** A conversation's messages: a page of them, and sending one (idempotent on its client id). */
import type { FastifyInstance } from 'fastify';
import { memberOf, type AppContext } from '../context.js';
import { route } from '../route.js';
import { explainLimit, queryCount, queryText } from './query.js';

type Params = { conversationId: string };

export function messageRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    'GET',
    '/v1/conversations/{conversationId}/messages',
    async (request) => {
      const { store, memberId } = await memberOf(context, request);
      return store.listMessages(
        memberId,
        (request.params as Params).conversationId,
        queryText(request, 'before'),
        queryCount(request, 'limit'),
      );
    },
    { explain: explainLimit },
  );

  route(app, 'POST', '/v1/conversations/{conversationId}/messages', async (request, reply) => {
    const { store, memberId } = await memberOf(context, request);
    // Limits and notifications are kept by the store, in the transaction that writes.
    const result = await store.sendMessage(memberId, (request.params as Params).conversationId, request.body);
    context.afterCommit?.();
    return reply.code(result.stored ? 201 : 200).send(result.message);
  });
}
