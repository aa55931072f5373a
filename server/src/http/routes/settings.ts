/** The viewer's notification settings. */
import type { FastifyInstance } from 'fastify';
import { parseSettingsPatch } from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';

export function settingsRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, context, 'GET', '/v1/settings', { caller: 'member' }, async ({ request }) => {
    const { store, memberId } = memberCalling(request);
    return store.getSettings(memberId);
  });

  route(
    app,
    context,
    'PATCH',
    '/v1/settings',
    { caller: 'member', parse: (request) => parseSettingsPatch(request.body) },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.updateSettings(memberId, input);
    },
  );
}
