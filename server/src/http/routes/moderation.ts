/** The portal's moderation API, with the server secret (S16–S18): block, delete, group readers. */
import type { FastifyInstance } from 'fastify';
import {
  isRecord,
  parseDeleteMemberRequest,
  parseEraseParam,
  parseGroupReadersChange,
  parseModeratedMemberId,
} from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { route, spaceCalling } from '../route.js';
import { queryValue } from './query.js';

export function moderationRoutes(app: FastifyInstance, context: AppContext): void {
  for (const method of ['PUT', 'DELETE'] as const) {
    route(
      app,
      context,
      method,
      '/admin/v1/members/{memberId}/block',
      {
        caller: 'admin',
        parse: (request) => parseModeratedMemberId((request.params as { memberId: string }).memberId),
      },
      async ({ request, reply, input }) => {
        await spaceCalling(request).store.setModeratorBlock(input, method === 'PUT');
        return reply.code(204).send();
      },
    );
  }

  route(
    app,
    context,
    'DELETE',
    '/admin/v1/members/{memberId}',
    {
      caller: 'admin',
      parse: (request) =>
        parseDeleteMemberRequest((request.params as { memberId: string }).memberId, {
          eraseMessages: parseEraseParam(queryValue(request, 'erase')),
        }),
    },
    async ({ request, reply, input }) => {
      await spaceCalling(request).store.deleteMember(input.memberId, { eraseMessages: input.eraseMessages });
      return reply.code(204).send();
    },
  );

  route(
    app,
    context,
    'PUT',
    '/admin/v1/groups/{groupId}/readers',
    {
      caller: 'admin',
      parse: (request) =>
        parseGroupReadersChange(
          (request.params as { groupId: string }).groupId,
          isRecord(request.body) ? request.body.readers : undefined,
        ),
    },
    async ({ request, reply, input }) => {
      await spaceCalling(request).store.setGroupReaders(input.groupId, input.readers);
      return reply.code(204).send();
    },
  );
}
