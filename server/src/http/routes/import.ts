/**
 * `POST /admin/v1/import`: conversations, messages and read markers from another system, as
 * NDJSON streamed in the request body (`import/importer.ts`). The body is never gathered: lines
 * are parsed as they arrive and written in batches, so its size is not capped (it must arrive
 * within `CONV_REQUEST_TIMEOUT_MS`; the `import` command writes larger files directly).
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../../../src/core/index.js';
import { Importer } from '../../import/importer.js';
import type { AppContext } from '../context.js';
import { route, spaceCalling } from '../route.js';

/** The media type of the import body, with or without a UTF-8 charset. */
export const NDJSON = /^application\/x-ndjson\s*(;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;

export function importRoutes(app: FastifyInstance, context: AppContext): void {
  // The body stays a stream for the route to read line by line.
  app.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));

  route(app, context, 'POST', '/admin/v1/import', { caller: 'admin' }, async ({ request }) => {
    const body = request.body as Readable | undefined;
    if (!body || typeof (body as Partial<Readable>).pipe !== 'function') {
      throw new ValidationError(
        'bad-request',
        'Send the records as application/x-ndjson, one JSON object a line.',
        {
          field: 'request',
        },
      );
    }
    const { store } = spaceCalling(request);
    return Importer.fromNdjson(store.db, store.policy, body);
  });
}
