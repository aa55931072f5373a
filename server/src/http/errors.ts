/**
 * Every failure as the documented `Error` body: typed errors from the rules keep their code and
 * reason; the framework's own refusals (body too large, not JSON, not UTF-8, a bad URL) become
 * 400 `validation` as before; anything unexpected is a 500 `internal`, logged by kind and
 * location only — never with message text or SQL parameters.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  ConvError,
  HTTP_STATUS_OF,
  InternalError,
  RateLimitedError,
  ValidationError,
} from '../../../src/core/index.js';
import { UnauthenticatedError } from '../auth.js';

/** Kept apart from the error: its message is not the service's to show (it may quote data). */
const INTERNAL = new InternalError('The conversation service failed on this request.').toJSON();

function badRequest(message: string): ValidationError {
  return new ValidationError('bad-request', message, { field: 'request' });
}

/** The framework's refusals, in the API's words. */
function fromFramework(error: FastifyError, request: FastifyRequest): ConvError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions.bodyLimit;
      return new ValidationError('too-large', `The request is larger than ${limit} bytes.`, {
        field: 'request',
        ...(limit === undefined ? {} : { limit }),
      });
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return badRequest('Send the request body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest('The request needs a JSON body.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest('The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return badRequest('The request body does not match its Content-Length.');
    default:
      break;
  }
  if (error.validation)
    return badRequest(`The request ${error.message.replace(/^(body|querystring) ?/, '')}.`);
  if (error instanceof SyntaxError) return badRequest('The request body is not valid JSON.');
  return undefined;
}

/** The location of a failure without its message (which may quote data): the error's kind and frames. */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code, routine, severity } = error as { code?: unknown; routine?: unknown; severity?: unknown };
  return {
    type: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof routine === 'string' ? { routine } : {}),
    ...(typeof severity === 'string' ? { severity } : {}),
    stack: (error.stack ?? '').split('\n').slice(1, 8).join('\n'),
  };
}

export function sendError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const typed =
    error instanceof ConvError ? error : (fromFramework(error as FastifyError, request) ?? undefined);
  if (typed) {
    if (typed instanceof RateLimitedError)
      reply.header('retry-after', String(Math.ceil(typed.retryAfterMs / 1000)));
    return reply.code(HTTP_STATUS_OF[typed.code] ?? 500).send(typed.toJSON());
  }
  if (error instanceof UnauthenticatedError) {
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer')
      .send({ code: 'forbidden', reason: 'not-allowed', field: 'request', message: error.message });
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return status === 404 || (error as FastifyError).code === 'FST_ERR_BAD_URL'
      ? reply.code(404).send({ code: 'not-found', message: 'Not found.' })
      : reply.code(400).send(badRequest('The request is not valid.').toJSON());
  }
  request.log.error({ err: safeError(error) }, 'unexpected error');
  return reply.code(500).send(INTERNAL);
}
