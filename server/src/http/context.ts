/**
 * What the routes are given: the process's parts (configuration, database, live events, mail)
 * and the two ways a caller is recognised, as a member (a portal-signed token) or as the portal
 * (the admin secret).
 */
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError } from '../../../src/core/index.js';
import type { TokenVerifier } from '../auth.js';
import { UnauthenticatedError, isAdmin, type Caller } from '../auth.js';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db.js';
import type { Mailer } from '../mailer.js';
import type { Worker } from '../queue/worker.js';
import type { Store } from '../store.js';
import type { EventHub } from '../streams.js';
import type { AdminGuard } from './admin-guard.js';
import type { Metrics } from './metrics.js';

/** One isolated set of data (its limits kept by its store). Production has one, ''; test servers make more. */
export interface Space {
  readonly store: Store;
  /** Delivers the space's queued notifications. */
  readonly worker: Worker;
}

export interface Spaces {
  /** The space of this name, or undefined when there is none. */
  find(name: string): Promise<Space | undefined>;
  all(): Iterable<Space>;
}

export interface AppContext {
  readonly config: ServerConfig;
  readonly database: Database;
  readonly hub: EventHub;
  readonly spaces: Spaces;
  readonly verifier: TokenVerifier;
  readonly mailer?: Mailer;
  readonly adminGuard: AdminGuard;
  readonly metrics: Metrics;
  /** Called after a send or start committed, before it is answered (test servers inject faults here). */
  readonly afterCommit?: () => void;
}

export type Member = Caller & Space;

/** The member a request is from, and their space; 401 for anyone else. */
export async function memberOf(context: AppContext, request: FastifyRequest): Promise<Member> {
  const caller = await context.verifier.verify(request.raw);
  const space = await context.spaces.find(caller.space);
  // A valid token for someone the portal has not (or no longer) listed opens nothing.
  if (!space || !(await space.store.memberExists(caller.memberId))) {
    throw new UnauthenticatedError('This member is not in the directory.');
  }
  return { ...caller, ...space };
}

/**
 * The portal, with the server secret; 403 otherwise. An address that keeps guessing is refused
 * with 429 for a while, whatever it sends, so the secret cannot be found by trying.
 */
export async function adminOf(context: AppContext, request: FastifyRequest): Promise<Space> {
  await context.adminGuard.check(request.ip);
  if (!isAdmin(request.raw, context.config)) {
    await context.adminGuard.failed(request.ip);
    throw new ForbiddenError('not-allowed', 'The admin API needs the server secret.');
  }
  const header = request.headers['x-conv-space'];
  const space = await context.spaces.find(
    context.config.testMode && typeof header === 'string' ? header : '',
  );
  if (!space) throw new NotFoundError('No such space.');
  return space;
}
