/**
 * How a route module declares a route: by its documented method and path. The schema comes from
 * docs/openapi.yaml; a request the schema refuses is answered by the rulebook's parser where the
 * route names one (so the reason is the same on every backend), else as `bad-request`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, ValidationError } from '../../../src/core/index.js';
import { fastifyPath, routeSchema, type Method } from './openapi.js';

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface RouteOptions {
  /** A body cap other than the server's. */
  readonly bodyLimit?: number;
  /** The rulebook's parser of this request: throws the typed error for input the schema refused. */
  readonly explain?: (request: FastifyRequest) => void;
  /** A long-lived answer (the event stream): no latency figure. */
  readonly stream?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The documented path, `/v1/conversations/{conversationId}`. */
    documented?: string;
    stream?: boolean;
  }
}

export function route(
  app: FastifyInstance,
  method: Method,
  path: string,
  handler: Handler,
  options: RouteOptions = {},
): void {
  app.route({
    method,
    url: fastifyPath(path),
    schema: routeSchema(method, path),
    attachValidation: true,
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    config: { documented: path, stream: options.stream ?? false },
    async preHandler(request) {
      const refused = request.validationError;
      if (!refused) return;
      // A path that does not fit (a kind that is neither members nor groups) names nothing here.
      if (refused.validationContext === 'params') throw new NotFoundError('Not found.');
      options.explain?.(request);
      const where = refused.validationContext === 'querystring' ? 'query' : 'body';
      throw new ValidationError('bad-request', `The request ${where} is not valid: ${describe(refused)}.`, {
        field: 'request',
      });
    },
    handler,
  });
}

/** Ajv's first complaint, with the property it is about (its message alone does not name it). */
function describe(refused: NonNullable<FastifyRequest['validationError']>): string {
  const [first] = refused.validation ?? [];
  if (!first) return refused.message;
  const where = first.instancePath ? `${first.instancePath.slice(1).replace(/\//g, '.')} ` : '';
  const params = first.params as Record<string, unknown>;
  if (typeof params.additionalProperty === 'string')
    return `unknown field ${where}${params.additionalProperty}`.replace('  ', ' ');
  if (typeof params.missingProperty === 'string') return `${where}${params.missingProperty} is missing`;
  return `${where}${first.message ?? 'is not valid'}`;
}
