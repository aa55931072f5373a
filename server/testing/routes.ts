/**
 * Test servers only (never in the production bundle): isolated spaces, one schema each, named by
 * a token claim and the admin header `X-Conv-Space`; and fault injection under /admin/v1/test/.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolvePolicy, type Policy } from '../../src/core/index.js';
import type { ServerExtension, ServerParts } from '../src/app.js';
import type { RateLimits } from '../src/config.js';
import { inSchema } from '../src/db.js';
import { adminOf, type AppContext, type Space } from '../src/http/context.js';
import { migrate } from '../src/migrations.js';
import { makeSpace } from '../src/spaces.js';
import { Store, isRecord } from '../src/store.js';

const SPACE_NAME = /^t_[a-z0-9_]{1,40}$/;

export function testExtension(parts: ServerParts): ServerExtension {
  const { config, database, hub, mailer } = parts;
  const spaces = new Map<string, Space>([['', parts.space]]);
  const faults = { crashAfterCommit: false, failAfterCommit: undefined as string | undefined };

  /**
   * Whose spaces this process serves: those made by a process with its schema (itself before a
   * restart, or one started to share its database). Test servers of other test files may run on
   * the same PostgreSQL database at the same time, and a NOTIFY on the jobs channel reaches them
   * all: a space of theirs opened here would get a second worker, with this server's settings,
   * delivering its jobs (a fourth webhook delivery where three failures disable the endpoint),
   * and polling its schema after the other server dropped it.
   */
  const owner = config.databaseSchema ?? '';
  /** Opens under way, so that two requests for one space do not start two workers for it. */
  const opening = new Map<string, Promise<Space | undefined>>();
  /** Spaces of other servers on the database, not asked about again at each of their jobs. */
  const foreign = new Set<string>();

  /** A space made earlier, by this process before a restart or by one sharing its database, is opened from its schema. */
  const find = (name: string): Promise<Space | undefined> => {
    const known = spaces.get(name);
    if (known || !SPACE_NAME.test(name) || foreign.has(name)) return Promise.resolve(known);
    let pending = opening.get(name);
    if (!pending) {
      pending = open(name).finally(() => opening.delete(name));
      opening.set(name, pending);
    }
    return pending;
  };

  const open = async (name: string): Promise<Space | undefined> => {
    const exists = await database.query('select 1 from information_schema.schemata where schema_name = $1', [
      name,
    ]);
    if (exists.length === 0) return undefined;
    const scoped = inSchema(database, name);
    const [row] = await scoped.query<{
      policy: Partial<Policy>;
      rate_limits: Partial<RateLimits>;
      owner: string;
    }>('select policy, rate_limits, owner from space_options');
    if (!row) return undefined;
    if (row.owner !== owner) {
      foreign.add(name);
      return undefined;
    }
    const space = makeSpace(
      new Store(scoped, resolvePolicy({ ...config.policy, ...row.policy }), mailer !== undefined, name, {
        ...config.rateLimits,
        ...row.rate_limits,
      }),
      { mailer, webhooks: config.webhooks, jobLeaseMs: config.jobLeaseMs },
    );
    spaces.set(name, space);
    return space;
  };

  const options = (request: FastifyRequest): Record<string, unknown> =>
    isRecord(request.body) ? request.body : {};

  const routes = (app: FastifyInstance, context: AppContext): void => {
    app.post('/admin/v1/test/spaces', async (request, reply) => {
      await adminOf(context, request);
      const input = options(request);
      const name =
        typeof input.name === 'string' && SPACE_NAME.test(input.name)
          ? input.name
          : `t_${randomBytes(8).toString('hex')}`;
      const policy = resolvePolicy({
        ...config.policy,
        ...(isRecord(input.policy) ? (input.policy as Partial<Policy>) : {}),
      });
      const limits = {
        ...config.rateLimits,
        ...(isRecord(input.rateLimits) ? (input.rateLimits as Partial<RateLimits>) : {}),
      };
      await database.exec(`create schema if not exists ${name}`);
      const scoped = inSchema(database, name);
      await migrate(scoped);
      await scoped.exec(
        'create table if not exists space_options (policy jsonb not null, rate_limits jsonb not null, owner text not null)',
      );
      await scoped.transaction(async (tx) => {
        await tx.query('delete from space_options');
        await tx.query('insert into space_options (policy, rate_limits, owner) values ($1, $2, $3)', [
          JSON.stringify(policy),
          JSON.stringify(limits),
          owner,
        ]);
      });
      await spaces.get(name)?.worker.stop();
      spaces.set(
        name,
        makeSpace(new Store(scoped, policy, mailer !== undefined, name, limits), {
          mailer,
          webhooks: config.webhooks,
          jobLeaseMs: config.jobLeaseMs,
        }),
      );
      return reply.code(201).send({ space: name, policy, rateLimits: limits });
    });

    app.delete('/admin/v1/test/spaces/:space', async (request, reply) => {
      await adminOf(context, request);
      const { space } = request.params as { space: string };
      if (!SPACE_NAME.test(space)) return reply.code(404).send({ code: 'not-found', message: 'Not found.' });
      hub.dropAll(space);
      await spaces.get(space)?.worker.stop();
      spaces.delete(space);
      // In a transaction, which retries a deadlock: a request of the space still finishing
      // (an event replay, a mail) can hold a lock the drop needs while waiting for another.
      await database.transaction((tx) => tx.exec(`drop schema if exists ${space} cascade`));
      return reply.code(204).send();
    });

    app.post('/admin/v1/test/faults', async (request) => {
      const { store } = await adminOf(context, request);
      const input = options(request);
      faults.crashAfterCommit = input.crashAfterCommit === true;
      faults.failAfterCommit = typeof input.failAfterCommit === 'string' ? input.failAfterCommit : undefined;
      const streams = hub.countIn(store.space);
      if (input.dropStreams === true) hub.dropAll(store.space);
      return { streams, dropped: input.dropStreams === true ? streams : 0 };
    });

    // S25's edit window without waiting: every message of the space was sent `ms` earlier.
    app.post('/admin/v1/test/age-messages', async (request) => {
      const { store } = await adminOf(context, request);
      const ms = Number(options(request).ms);
      if (!Number.isSafeInteger(ms) || ms < 0) throw new Error('age-messages needs a whole number of ms.');
      await store.db.query('update messages set sent_at = sent_at - $1', [ms]);
      return { aged: true };
    });

    app.post('/admin/v1/test/prune-events', async (request) => {
      const { store } = await adminOf(context, request);
      return { pruned: await store.pruneEvents(0) };
    });

    app.get('/admin/v1/test/queue', async (request) => {
      const { store } = await adminOf(context, request);
      return store.queueFigures();
    });

    // A long history in one statement, for tests of what reads it (the export): `count` messages
    // spread over the conversations named, written in turn by the authors named, a millisecond
    // apart. Sends are tested elsewhere; this only makes the rows a history of sends leaves.
    app.post('/admin/v1/test/history', async (request, reply) => {
      const { store } = await adminOf(context, request);
      const input = options(request);
      const { conversationIds, authorIds, count } = input as {
        conversationIds: string[];
        authorIds: string[];
        count: number;
      };
      if (!Array.isArray(conversationIds) || !Array.isArray(authorIds) || !Number.isSafeInteger(count)) {
        return reply.code(400).send({ code: 'validation', message: 'conversationIds, authorIds, count' });
      }
      await store.db.transaction(async (tx) => {
        await tx.query(
          `insert into messages (id, conversation_id, author_id, client_id, body, sent_at)
           select gen_random_uuid()::text, ($1::text[])[1 + i % cardinality($1::text[])],
                  ($2::text[])[1 + i % cardinality($2::text[])], 'history-' || gen_random_uuid()::text, 'Message ' || i,
                  $4::float8 + i
             from generate_series(0, $3::int - 1) as i`,
          [conversationIds, authorIds, count, Date.now()],
        );
        await tx.query(
          `update conversations c set last_message_seq = m.seq, last_activity_at = m.sent_at
             from (select conversation_id, max(seq) as seq, max(sent_at) as sent_at from messages group by conversation_id) m
            where m.conversation_id = c.id and c.id = any($1::text[])`,
          [conversationIds],
        );
      });
      return reply.code(204).send();
    });

    app.get('/admin/v1/test/streams', async (request) => {
      const { store } = await adminOf(context, request);
      return { streams: hub.countIn(store.space), reads: hub.readsIn(store.space) };
    });
  };

  return {
    spaces: { find, all: () => spaces.values() },
    routes,
    afterCommit() {
      // The send committed and the process dies before answering.
      if (faults.crashAfterCommit) process.kill(process.pid, 'SIGKILL');
      // The send committed and then something unexpected fails, with text that must not be logged.
      if (faults.failAfterCommit !== undefined) {
        const text = faults.failAfterCommit;
        faults.failAfterCommit = undefined;
        throw new Error(`Simulated failure while answering: ${text}`);
      }
    },
  };
}
