/** Reports of a message or a conversation to the portal's moderators. */
import type { FastifyInstance } from 'fastify';
import { parseReportRequest } from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';

export function reportRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    context,
    'POST',
    '/v1/reports',
    {
      caller: 'member',
      parse: (request) => parseReportRequest(request.body, memberCalling(request).store.policy),
    },
    async ({ request, reply }) => {
      const { store, memberId } = memberCalling(request);
      return reply.code(201).send(await store.report(memberId, request.body));
    },
  );
}
