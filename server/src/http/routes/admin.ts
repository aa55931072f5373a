/** The portal's API, with the server secret: its directory, group roles, reports, and dev tokens. */
import type { FastifyInstance } from 'fastify';
import { NotFoundError, ValidationError } from '../../../../src/core/index.js';
import { mintToken } from '../../auth.js';
import { isRecord } from '../../store.js';
import { adminOf, type AppContext } from '../context.js';
import { route } from '../route.js';

/** A whole directory is one request: far more than a member's request may carry. */
const DIRECTORY_BODY_LIMIT = 16 * 1024 * 1024;

type GroupMember = { groupId: string; memberId: string };

export function adminRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    'PUT',
    '/admin/v1/directory',
    async (request) => (await adminOf(context, request)).store.loadDirectory(request.body),
    { bodyLimit: DIRECTORY_BODY_LIMIT },
  );

  route(app, 'PUT', '/admin/v1/groups/{groupId}/members/{memberId}', async (request, reply) => {
    const { store } = await adminOf(context, request);
    const { groupId, memberId } = request.params as GroupMember;
    const input = request.body;
    await store.setGroupRole(groupId, memberId, isRecord(input) ? input.role : undefined);
    return reply.code(204).send();
  });

  route(app, 'DELETE', '/admin/v1/groups/{groupId}/members/{memberId}', async (request, reply) => {
    const { store } = await adminOf(context, request);
    const { groupId, memberId } = request.params as GroupMember;
    await store.setGroupRole(groupId, memberId, null);
    return reply.code(204).send();
  });

  route(app, 'GET', '/admin/v1/reports', async (request) => ({
    items: await (await adminOf(context, request)).store.listReports(),
  }));

  route(app, 'POST', '/admin/v1/tokens', async (request, reply) => {
    await adminOf(context, request);
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
    if (!context.config.jwtSecret) throw new NotFoundError('Tokens can be minted only with a shared secret.');
    return reply.code(201).send({ token: await mintToken(context.config, input.memberId, expiresIn) });
  });
}
