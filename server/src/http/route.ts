/**
 * How a route module declares a route: by its documented method and path, who may call it, and
 * the rulebook's parser of its input. The order is always the same:
 *   1. who is calling (before the body is read): a member's token, or the admin secret;
 *   2. the body as JSON in UTF-8, capped;
 *   3. the rulebook's parser (`src/core`), so that a refusal has the same reason on every backend;
 *   4. the schema from docs/openapi.yaml, for whatever the parser let through that the document
 *      does not allow (`bad-request`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, ValidationError } from '../../../src/core/index.js';
import { adminOf, memberOf, type AppContext, type Member, type Space } from './context.js';
import { fastifyPath, routeSchema, type Method } from './openapi.js';

type Caller = 'member' | 'admin' | 'anyone';

export interface RouteOptions<In> {
  readonly caller: Caller;
  /** The rulebook's parser of this request's input: throws the typed refusal. */
  readonly parse?: (request: FastifyRequest) => In;
  /** A body cap other than the server's. */
  readonly bodyLimit?: number;
  /** A long-lived answer (the event stream): no latency figure. */
  readonly stream?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The documented path, `/v1/conversations/{conversationId}`. */
    documented?: string;
    stream?: boolean;
    /** False on the admin API's routes: @fastify/cors then grants nothing there. */
    cors?: false;
  }
  interface FastifyRequest {
    /** The member calling (routes for members). */
    member: Member | null;
    /** The portal's space (routes with the admin secret). */
    space: Space | null;
  }
}

export interface Call<In> {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly input: In;
}

/** Adds the request fields routes fill in. Called once on the app. */
export function prepareRequests(app: FastifyInstance): void {
  app.decorateRequest('member', null);
  app.decorateRequest('space', null);
}

export function memberCalling(request: FastifyRequest): Member {
  if (!request.member) throw new Error('A member route ran without its member.');
  return request.member;
}

export function spaceCalling(request: FastifyRequest): Space {
  if (!request.space) throw new Error('An admin route ran without its space.');
  return request.space;
}

export function route<In = undefined>(
  app: FastifyInstance,
  context: AppContext,
  method: Method,
  path: string,
  options: RouteOptions<In>,
  handler: (call: Call<In>) => Promise<unknown>,
): void {
  const { caller, parse } = options;
  app.route({
    method,
    url: fastifyPath(path),
    schema: routeSchema(method, path),
    attachValidation: true,
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    config: {
      documented: path,
      stream: options.stream ?? false,
      ...(path.startsWith('/admin/') ? { cors: false as const } : {}),
    },
    async onRequest(request) {
      if (caller === 'member') request.member = await memberOf(context, request);
      else if (caller === 'admin') request.space = await adminOf(context, request);
    },
    async handler(request, reply) {
      const refused = request.validationError;
      // A path that does not fit (a kind that is neither members nor groups) names nothing here.
      if (refused?.validationContext === 'params') throw new NotFoundError('Not found.');
      const schemaRefusal = () => {
        const where = refused?.validationContext === 'querystring' ? 'query' : 'body';
        return new ValidationError(
          'bad-request',
          `The request ${where} is not valid: ${describe(refused!)}.`,
          {
            field: 'request',
          },
        );
      };
      let input: In;
      try {
        input = parse ? parse(request) : (undefined as In);
      } catch (error) {
        // Both refuse it as a bad request: the same reason, and the schema's words name the field.
        const general =
          error instanceof ValidationError && error.reason === 'bad-request' && error.field === 'request';
        throw refused && general ? schemaRefusal() : error;
      }
      if (refused) throw schemaRefusal();
      return handler({ request, reply, input });
    },
  });
}

/** Ajv's first complaint, with the property it is about (its message alone does not name it). */
function describe(refused: NonNullable<FastifyRequest['validationError']>): string {
  const [first] = refused.validation ?? [];
  if (!first) return refused.message;
  const where = first.instancePath ? `${first.instancePath.slice(1).replace(/\//g, '.')} ` : '';
  const params = first.params as Record<string, unknown>;
  if (typeof params.additionalProperty === 'string')
    return `unknown field ${where}${params.additionalProperty}`;
  if (typeof params.missingProperty === 'string') return `${where}${params.missingProperty} is missing`;
  return `${where}${first.message ?? 'is not valid'}`;
}
