/** Who is viewing, and the limits this server keeps. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';

export function viewerRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, context, 'GET', '/v1/viewer', { caller: 'member' }, async ({ request }) => {
    const { store, memberId } = memberCalling(request);
    return store.getViewer(memberId);
  });
  route(
    app,
    context,
    'GET',
    '/v1/policy',
    { caller: 'member' },
    async ({ request }) => memberCalling(request).store.policy,
  );
}
