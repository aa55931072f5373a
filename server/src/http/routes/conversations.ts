/** The viewer's conversations: the list, one of them, and starting one. */
import type { FastifyInstance } from 'fastify';
import { memberOf, type AppContext } from '../context.js';
import { route } from '../route.js';
import { explainLimit, queryCount, queryText } from './query.js';

export function conversationRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    'GET',
    '/v1/conversations',
    async (request) => {
      const { store, memberId } = await memberOf(context, request);
      return store.listConversations(memberId, queryText(request, 'after'), queryCount(request, 'limit'));
    },
    { explain: explainLimit },
  );

  route(app, 'POST', '/v1/conversations', async (request, reply) => {
    const { store, memberId } = await memberOf(context, request);
    // Limits and notifications are kept by the store, in the transaction that writes.
    const result = await store.startConversation(memberId, request.body);
    context.afterCommit?.();
    return reply
      .code(result.stored ? 201 : 200)
      .send({ conversation: result.conversation, message: result.message });
  });

  route(app, 'GET', '/v1/conversations/{conversationId}', async (request) => {
    const { store, memberId } = await memberOf(context, request);
    return store.getConversation(memberId, (request.params as { conversationId: string }).conversationId);
  });
}
