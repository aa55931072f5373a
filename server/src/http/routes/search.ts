/** Searching the viewer's conversations by name and text (S30). */
import type { FastifyInstance } from 'fastify';
import { parseConversationSearchRequest } from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';
import { queryCount, queryValue } from './query.js';

export function searchRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    context,
    'GET',
    '/v1/search',
    {
      caller: 'member',
      parse: (request) =>
        parseConversationSearchRequest(queryValue(request, 'q'), { limit: queryCount(request, 'limit') }),
    },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.searchConversations(memberId, input.query, input.limit);
    },
  );
}
