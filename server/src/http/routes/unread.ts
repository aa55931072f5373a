/** Read markers and the unread summary. */
import type { FastifyInstance } from 'fastify';
import {
  isRecord,
  parseMarkReadRequest,
  parseUnreadSummaryRequest,
  ValidationError,
} from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';
import { queryValue } from './query.js';

export function unreadRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    context,
    'PUT',
    '/v1/conversations/{conversationId}/read',
    {
      caller: 'member',
      parse: (request) => {
        const { conversationId } = request.params as { conversationId: string };
        if (!isRecord(request.body)) {
          throw new ValidationError('bad-request', 'Send {"upTo": messageId}.', { field: 'request' });
        }
        return parseMarkReadRequest(conversationId, request.body.upTo);
      },
    },
    async ({ request, reply, input }) => {
      const { store, memberId } = memberCalling(request);
      await store.markRead(memberId, input.conversationId, input.upTo);
      return reply.code(204).send();
    },
  );

  route(
    app,
    context,
    'GET',
    '/v1/unread',
    {
      caller: 'member',
      // S18: `byGroup=true` adds the counts per group; the wire carries text, the rulebook a boolean.
      parse: (request) => {
        const value = queryValue(request, 'byGroup');
        return parseUnreadSummaryRequest(
          value === undefined
            ? undefined
            : { byGroup: value === 'true' ? true : value === 'false' ? false : value },
        );
      },
    },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.getUnreadSummary(memberId, input);
    },
  );
}
