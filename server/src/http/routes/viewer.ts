/** Who is viewing, and the limits this server keeps. */
import type { FastifyInstance } from 'fastify';
import { memberOf, type AppContext } from '../context.js';
import { route } from '../route.js';

export function viewerRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, 'GET', '/v1/viewer', async (request) => {
    const { store, memberId } = await memberOf(context, request);
    return store.getViewer(memberId);
  });
  route(app, 'GET', '/v1/policy', async (request) => (await memberOf(context, request)).store.policy);
}
