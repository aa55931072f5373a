/** The viewer's conversations: the list, one of them, and starting one. */
import type { FastifyInstance } from 'fastify';
import {
  parseConversationId,
  parseListConversationsRequest,
  parseStartRequest,
} from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';
import { checkSeqCursor, queryCount, queryValue } from './query.js';

export function conversationRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    context,
    'GET',
    '/v1/conversations',
    {
      caller: 'member',
      parse: (request) => {
        const parsed = parseListConversationsRequest({
          after: queryValue(request, 'after'),
          limit: queryCount(request, 'limit'),
          group: queryValue(request, 'group'),
        });
        checkSeqCursor(parsed.after);
        return parsed;
      },
    },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.listConversations(memberId, input.after, input.limit, input.group);
    },
  );

  route(
    app,
    context,
    'POST',
    '/v1/conversations',
    {
      caller: 'member',
      parse: (request) => {
        const { store, memberId } = memberCalling(request);
        return parseStartRequest(request.body, memberId, store.policy);
      },
    },
    async ({ request, reply }) => {
      const { store, memberId } = memberCalling(request);
      // Limits and notifications are kept by the store, in the transaction that writes.
      const result = await store.startConversation(memberId, request.body);
      context.afterCommit?.();
      return reply
        .code(result.stored ? 201 : 200)
        .send({ conversation: result.conversation, message: result.message });
    },
  );

  route(
    app,
    context,
    'GET',
    '/v1/conversations/{conversationId}',
    {
      caller: 'member',
      parse: (request) => parseConversationId((request.params as { conversationId: string }).conversationId),
    },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.getConversation(memberId, input);
    },
  );
}
