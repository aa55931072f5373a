/** The portal's API, with the server secret: its directory, group roles, reports, and dev tokens. */
import type { FastifyInstance } from 'fastify';
import {
  isRecord,
  NotFoundError,
  parseDirectory,
  parseFollowChange,
  parseGroupRoleChange,
  ValidationError,
} from '../../../../src/core/index.js';
import { mintToken } from '../../auth.js';
import type { AppContext } from '../context.js';
import { route, spaceCalling } from '../route.js';

/** A whole directory is one request: far more than a member's request may carry. */
const DIRECTORY_BODY_LIMIT = 16 * 1024 * 1024;

type GroupMember = { groupId: string; memberId: string };

export function adminRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    context,
    'PUT',
    '/admin/v1/directory',
    { caller: 'admin', bodyLimit: DIRECTORY_BODY_LIMIT, parse: (request) => parseDirectory(request.body) },
    async ({ request }) => spaceCalling(request).store.loadDirectory(request.body),
  );

  route(
    app,
    context,
    'PUT',
    '/admin/v1/groups/{groupId}/members/{memberId}',
    {
      caller: 'admin',
      parse: (request) => {
        const { groupId, memberId } = request.params as GroupMember;
        return parseGroupRoleChange(
          groupId,
          memberId,
          isRecord(request.body) ? request.body.role : undefined,
        );
      },
    },
    async ({ request, reply, input }) => {
      await spaceCalling(request).store.setGroupRole(input.groupId, input.memberId, input.role);
      return reply.code(204).send();
    },
  );

  route(
    app,
    context,
    'DELETE',
    '/admin/v1/groups/{groupId}/members/{memberId}',
    {
      caller: 'admin',
      parse: (request) => {
        const { groupId, memberId } = request.params as GroupMember;
        return parseGroupRoleChange(groupId, memberId, null);
      },
    },
    async ({ request, reply, input }) => {
      await spaceCalling(request).store.setGroupRole(input.groupId, input.memberId, null);
      return reply.code(204).send();
    },
  );

  // S14: the portal's follows, one at a time (also loaded with the directory).
  for (const method of ['PUT', 'DELETE'] as const) {
    route(
      app,
      context,
      method,
      '/admin/v1/members/{followerId}/follows/{followedId}',
      {
        caller: 'admin',
        parse: (request) => {
          const { followerId, followedId } = request.params as { followerId: string; followedId: string };
          return parseFollowChange(followerId, followedId, method === 'PUT');
        },
      },
      async ({ request, reply, input }) => {
        await spaceCalling(request).store.setFollow(input.followerId, input.followedId, input.following);
        return reply.code(204).send();
      },
    );
  }

  route(app, context, 'GET', '/admin/v1/reports', { caller: 'admin' }, async ({ request }) => ({
    items: await spaceCalling(request).store.listReports(),
  }));

  route(
    app,
    context,
    'POST',
    '/admin/v1/tokens',
    {
      caller: 'admin',
      parse: (request) => {
        const input = request.body;
        if (!isRecord(input) || typeof input.memberId !== 'string') {
          throw new ValidationError('bad-request', 'Send {"memberId": id, "expiresIn": seconds}.', {
            field: 'request',
          });
        }
        const expiresIn = input.expiresIn === undefined ? 3600 : input.expiresIn;
        if (
          typeof expiresIn !== 'number' ||
          !Number.isSafeInteger(expiresIn) ||
          expiresIn < 1 ||
          expiresIn > 86_400
        ) {
          throw new ValidationError('bad-request', 'expiresIn is 1 to 86400 seconds.', { field: 'request' });
        }
        return { memberId: input.memberId, expiresIn };
      },
    },
    async ({ reply, input }) => {
      if (!context.config.jwtSecret)
        throw new NotFoundError('Tokens can be minted only with a shared secret.');
      return reply
        .code(201)
        .send({ token: await mintToken(context.config, input.memberId, input.expiresIn) });
    },
  );
}
