/**
 * For whoever runs the server: liveness (`/health`, the process answers), readiness (`/ready`,
 * the database answers and every migration is applied) and Prometheus figures (`/metrics`, with
 * the admin secret, as Prometheus' `authorization` setting sends it).
 */
import type { FastifyInstance } from 'fastify';
import { MIGRATIONS } from '../../migrations.js';
import type { AppContext } from '../context.js';
import { route } from '../route.js';

const READY_TIMEOUT_MS = 2000;

async function readiness(context: AppContext): Promise<{ database: boolean; migrations: boolean }> {
  const latest = Math.max(...MIGRATIONS.map((migration) => migration.version));
  const check = context.database
    .query<{ version: number | null }>('select max(version)::int as version from schema_migrations')
    .then(([row]) => ({ database: true, migrations: (row?.version ?? 0) >= latest }));
  const late = new Promise<{ database: boolean; migrations: boolean }>((resolve) =>
    setTimeout(() => resolve({ database: false, migrations: false }), READY_TIMEOUT_MS).unref(),
  );
  return Promise.race([check.catch(() => ({ database: false, migrations: false })), late]);
}

export function operationsRoutes(app: FastifyInstance, context: AppContext): void {
  route(app, context, 'GET', '/health', { caller: 'anyone' }, async () => ({
    ok: true,
    database: context.database.kind,
  }));

  route(app, context, 'GET', '/ready', { caller: 'anyone' }, async ({ reply }) => {
    const state = await readiness(context);
    const ready = state.database && state.migrations;
    return reply.code(ready ? 200 : 503).send({ ready, ...state });
  });

  route(app, context, 'GET', '/metrics', { caller: 'admin' }, async ({ reply }) => {
    const { registry } = context.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
