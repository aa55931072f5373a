/**
 * S21: a member's data, as one JSON document streamed while it is read (`store/export.ts`): the
 * member's own download, and the portal's export of one member (a request made to the portal).
 * Offered as a file (`Content-Disposition: attachment`). A failure after the first piece can only
 * cut the stream: the document is then not valid JSON, which a client notices.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EXPORT_FILE_NAME, isValidId, NotFoundError } from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route, spaceCalling } from '../route.js';

function streamExport(reply: FastifyReply, chunks: AsyncGenerator<string>): FastifyReply {
  return reply
    .type('application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="${EXPORT_FILE_NAME}"`)
    .send(Readable.from(chunks, { objectMode: false, highWaterMark: 64 * 1024 }));
}

export function exportRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, context, 'GET', '/v1/export', { caller: 'member' }, async ({ request, reply }) => {
    const { store, memberId } = memberCalling(request);
    return streamExport(reply, await store.exportData(memberId));
  });

  route(
    app,
    context,
    'GET',
    '/admin/v1/members/{memberId}/export',
    {
      caller: 'admin',
      parse: (request) => {
        const { memberId } = request.params as { memberId: string };
        // An id that cannot name a member names none.
        if (!isValidId(memberId)) throw new NotFoundError('There is no such member.');
        return memberId;
      },
    },
    async ({ request, reply, input }) =>
      streamExport(reply, await spaceCalling(request).store.exportData(input)),
  );
}
