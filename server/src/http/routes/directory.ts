/** Searching the portal's directory, and one member or group of it. */
import type { FastifyInstance } from 'fastify';
import { parsePartyRef, parseSearchRequest } from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';
import { queryCount, queryValue } from './query.js';

export function directoryRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    context,
    'GET',
    '/v1/directory',
    {
      caller: 'member',
      parse: (request) =>
        parseSearchRequest(queryValue(request, 'q') ?? '', {
          limit: queryCount(request, 'limit'),
          kind: queryValue(request, 'kind'),
        }),
    },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      const items = await store.searchDirectory(input.query, input.limit, input.kind, memberId);
      return { items };
    },
  );

  route(
    app,
    context,
    'GET',
    '/v1/directory/{kind}/{id}',
    {
      caller: 'member',
      parse: (request) => {
        const { kind, id } = request.params as { kind: string; id: string };
        return parsePartyRef({
          kind: kind === 'members' ? 'member' : kind === 'groups' ? 'group' : kind,
          id,
        });
      },
    },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.getParty(input, memberId);
    },
  );
}
