/**
 * The route schemas, taken from `docs/openapi.yaml` (bundled into the server at build time, so
 * the document is the one source of truth): a route the document does not list cannot be
 * registered, and its request and response schemas are the document's components.
 */
import document from '../../../docs/openapi.yaml';

type Json = Record<string, unknown>;

interface Operation {
  readonly operationId?: string;
  readonly parameters?: readonly Json[];
  readonly requestBody?: { content?: Record<string, { schema?: Json }> };
  readonly responses?: Record<string, Json>;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A Fastify route schema: each part a plain JSON schema. */
export interface RouteSchema {
  readonly params?: Json;
  readonly querystring?: Json;
  readonly body?: Json;
  readonly response?: Record<string, Json>;
}

const doc = document as { paths: Record<string, Json>; components: Json };

/** Keywords of OpenAPI, not JSON Schema: Ajv in strict mode would refuse them. */
const NOT_JSON_SCHEMA = new Set(['discriminator', 'example', 'examples', 'xml', 'externalDocs']);

/** Follows `#/components/...` references, inlined: the document has no recursive schema. */
function resolve(value: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, seen));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Json;
  if (typeof record.$ref === 'string') {
    const ref = record.$ref;
    if (seen.includes(ref)) throw new Error(`docs/openapi.yaml: ${ref} refers to itself.`);
    let target: unknown = doc;
    for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Json | undefined)?.[part];
    if (target === undefined) throw new Error(`docs/openapi.yaml: ${ref} is not defined.`);
    return resolve(target, [...seen, ref]);
  }
  const out: Json = {};
  for (const [key, item] of Object.entries(record)) {
    if (NOT_JSON_SCHEMA.has(key) || key.startsWith('x-')) continue;
    out[key] = key === 'properties' ? resolveProperties(item as Json, seen) : resolve(item, seen);
  }
  return out;
}

/** Property names are data, not keywords: `example` or `xml` could be a field's name. */
function resolveProperties(properties: Json, seen: readonly string[]): Json {
  return Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [name, resolve(schema, seen)]),
  );
}

/**
 * A query string carries text: a count is decimal digits, nothing else (`0x10`, `1e2`, ` 5`
 * are not counts). The range is left to the rulebook's parser, which names the reason.
 */
function queryValue(schema: Json): Json {
  if (schema.type === 'integer' || schema.type === 'number') {
    const { description } = schema;
    return { type: 'string', pattern: '^[0-9]{1,15}$', ...(description ? { description } : {}) };
  }
  return schema;
}

function parametersIn(parameters: readonly Json[], where: 'path' | 'query'): Json | undefined {
  const chosen = parameters.filter((parameter) => parameter.in === where);
  if (chosen.length === 0) return undefined;
  const properties: Json = {};
  for (const parameter of chosen) {
    const schema = (parameter.schema ?? {}) as Json;
    properties[parameter.name as string] = where === 'query' ? queryValue(schema) : schema;
  }
  const required = chosen.filter((parameter) => parameter.required).map((parameter) => parameter.name);
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

function responsesOf(operation: Operation): Record<string, Json> | undefined {
  const out: Record<string, Json> = {};
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const schema = (response.content as Record<string, { schema?: Json }> | undefined)?.['application/json']
      ?.schema;
    if (schema) out[status] = schema;
  }
  return Object.keys(out).length ? out : undefined;
}

export function operationOf(method: Method, path: string): Operation | undefined {
  const item = doc.paths[path] as Json | undefined;
  return item?.[method.toLowerCase()] as Operation | undefined;
}

/** The schema of a documented route; throws for a route the document does not list. */
export function routeSchema(method: Method, path: string): RouteSchema {
  const item = doc.paths[path] as Json | undefined;
  const operation = operationOf(method, path);
  if (!item || !operation) throw new Error(`${method} ${path} is not in docs/openapi.yaml.`);
  const resolved = resolve({
    parameters: [...((item.parameters as Json[]) ?? []), ...(operation.parameters ?? [])],
    body: operation.requestBody?.content?.['application/json']?.schema,
    response: responsesOf(operation),
  }) as { parameters: Json[]; body?: Json; response?: Record<string, Json> };
  const params = parametersIn(resolved.parameters, 'path');
  const querystring = parametersIn(resolved.parameters, 'query');
  return {
    ...(params ? { params } : {}),
    ...(querystring ? { querystring } : {}),
    ...(resolved.body ? { body: resolved.body } : {}),
    ...(resolved.response ? { response: resolved.response } : {}),
  };
}

/** `/v1/conversations/{conversationId}` as Fastify writes it: `/v1/conversations/:conversationId`. */
export function fastifyPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/** Every method and path the document lists, for the check that the server serves exactly these. */
export function documentedRoutes(): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if ((item as Json)[method]) out.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return out;
}
