/** Searching the portal's directory, and one member or group of it. */
import type { FastifyInstance } from 'fastify';
import { memberOf, type AppContext } from '../context.js';
import { route } from '../route.js';
import { explainLimit, queryCount, queryText } from './query.js';

export function directoryRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    'GET',
    '/v1/directory',
    async (request) => {
      const { store } = await memberOf(context, request);
      const items = await store.searchDirectory(
        queryText(request, 'q') ?? '',
        queryCount(request, 'limit'),
        queryText(request, 'kind'),
      );
      return { items };
    },
    { explain: explainLimit },
  );
  route(app, 'GET', '/v1/directory/{kind}/{id}', async (request) => {
    const { store } = await memberOf(context, request);
    const { kind, id } = request.params as { kind: 'members' | 'groups'; id: string };
    return store.getParty({ kind: kind === 'members' ? 'member' : 'group', id });
  });
}
