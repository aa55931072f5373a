/** Presence (S27–S29, S31): "Seen by", typing, mute, mark as unread, leave. */
import type { FastifyInstance } from 'fastify';
import { isRecord, parseConversationId, parseMuteRequest } from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';

function conversationOf(request: { params: unknown }): string {
  return parseConversationId((request.params as { conversationId: string }).conversationId);
}

export function presenceRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    context,
    'GET',
    '/v1/conversations/{conversationId}/seen',
    { caller: 'member', parse: conversationOf },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.getSeenBy(memberId, input);
    },
  );

  route(
    app,
    context,
    'POST',
    '/v1/conversations/{conversationId}/typing',
    { caller: 'member', parse: conversationOf },
    async ({ request, reply, input }) => {
      const { store, memberId } = memberCalling(request);
      const typing = await store.typing(memberId, input);
      if (typing) {
        context.hub.ephemeral(store.space, typing.audience, {
          type: 'typing',
          conversationId: typing.conversationId,
          member: typing.member,
        });
      }
      return reply.code(204).send();
    },
  );

  route(
    app,
    context,
    'PUT',
    '/v1/conversations/{conversationId}/mute',
    {
      caller: 'member',
      parse: (request) =>
        parseMuteRequest(
          (request.params as { conversationId: string }).conversationId,
          isRecord(request.body) ? request.body.muted : undefined,
        ),
    },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.setMuted(memberId, input.conversationId, input.muted);
    },
  );

  route(
    app,
    context,
    'PUT',
    '/v1/conversations/{conversationId}/unread',
    { caller: 'member', parse: conversationOf },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.markUnread(memberId, input);
    },
  );

  route(
    app,
    context,
    'POST',
    '/v1/conversations/{conversationId}/leave',
    { caller: 'member', parse: conversationOf },
    async ({ request, reply, input }) => {
      const { store, memberId } = memberCalling(request);
      await store.leaveConversation(memberId, input);
      return reply.code(204).send();
    },
  );
}
