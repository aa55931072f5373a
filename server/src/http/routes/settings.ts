/** The viewer's notification settings. */
import type { FastifyInstance } from 'fastify';
import { memberOf, type AppContext } from '../context.js';
import { route } from '../route.js';

export function settingsRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, 'GET', '/v1/settings', async (request) => {
    const { store, memberId } = await memberOf(context, request);
    return store.getSettings(memberId);
  });
  route(app, 'PATCH', '/v1/settings', async (request) => {
    const { store, memberId } = await memberOf(context, request);
    return store.updateSettings(memberId, request.body);
  });
}
