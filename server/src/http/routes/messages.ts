/** A conversation's messages: a page of them, and sending one (idempotent on its client id). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isRecord, parseListMessagesRequest, parseSendRequest } from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';
import { checkSeqCursor, queryCount, queryValue } from './query.js';

const pathId = (request: FastifyRequest) => (request.params as { conversationId: string }).conversationId;

export function messageRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    context,
    'GET',
    '/v1/conversations/{conversationId}/messages',
    {
      caller: 'member',
      parse: (request) => {
        const parsed = parseListMessagesRequest(pathId(request), {
          before: queryValue(request, 'before'),
          after: queryValue(request, 'after'),
          around: queryValue(request, 'around'),
          limit: queryCount(request, 'limit'),
        });
        checkSeqCursor(parsed.before);
        checkSeqCursor(parsed.after);
        return parsed;
      },
    },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      if (input.around !== undefined || input.after !== undefined) {
        return store.listMessagesWindow(memberId, input.conversationId, input, input.limit);
      }
      return store.listMessages(memberId, input.conversationId, input.before, input.limit);
    },
  );

  route(
    app,
    context,
    'POST',
    '/v1/conversations/{conversationId}/messages',
    {
      caller: 'member',
      // The conversation is the path's; a body that names one too is refused by the schema.
      parse: (request) =>
        parseSendRequest(
          isRecord(request.body) ? { ...request.body, conversationId: pathId(request) } : request.body,
          memberCalling(request).store.policy,
        ),
    },
    async ({ request, reply, input }) => {
      const { store, memberId } = memberCalling(request);
      // Limits and notifications are kept by the store, in the transaction that writes.
      const result = await store.sendMessage(memberId, input);
      context.afterCommit?.();
      return reply.code(result.stored ? 201 : 200).send(result.message);
    },
  );
}
