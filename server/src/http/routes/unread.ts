/** Read markers and the unread summary. */
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../../../src/core/index.js';
import { memberOf, type AppContext } from '../context.js';
import { route } from '../route.js';
import { isRecord } from '../../store.js';

export function unreadRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, 'PUT', '/v1/conversations/{conversationId}/read', async (request, reply) => {
    const { store, memberId } = await memberOf(context, request);
    const input = request.body;
    if (!isRecord(input))
      throw new ValidationError('bad-request', 'Send {"upTo": messageId}.', { field: 'request' });
    await store.markRead(memberId, (request.params as { conversationId: string }).conversationId, input.upTo);
    return reply.code(204).send();
  });
  route(app, 'GET', '/v1/unread', async (request) => {
    const { store, memberId } = await memberOf(context, request);
    return store.getUnreadSummary(memberId);
  });
}
