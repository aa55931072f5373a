/** S15: the viewer's blocks of other members. Private to the blocker: nothing tells the member blocked. */
import type { FastifyInstance } from 'fastify';
import { parseBlockRequest } from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';

export function blockRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, context, 'GET', '/v1/blocks', { caller: 'member' }, async ({ request }) => {
    const { store, memberId } = memberCalling(request);
    return { items: await store.listBlockedMembers(memberId) };
  });

  for (const method of ['PUT', 'DELETE'] as const) {
    route(
      app,
      context,
      method,
      '/v1/blocks/{memberId}',
      {
        caller: 'member',
        parse: (request) =>
          parseBlockRequest(
            (request.params as { memberId: string }).memberId,
            memberCalling(request).memberId,
          ),
      },
      async ({ request, reply, input }) => {
        const { store, memberId } = memberCalling(request);
        if (method === 'PUT') await store.blockMember(memberId, input);
        else await store.unblockMember(memberId, input);
        return reply.code(204).send();
      },
    );
  }
}
