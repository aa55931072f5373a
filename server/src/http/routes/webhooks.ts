/**
 * S23: the portal's webhook endpoints (admin API): register, list, enable again, delete, and
 * their last attempts.
 */
import type { FastifyInstance } from 'fastify';
import { isValidId, NotFoundError } from '../../../../src/core/index.js';
import {
  deleteWebhook,
  enableWebhook,
  listWebhookAttempts,
  listWebhooks,
  parseWebhookRegistration,
  registerWebhook,
} from '../../webhooks/endpoints.js';
import type { AppContext } from '../context.js';
import { route, spaceCalling } from '../route.js';

function webhookIdOf(params: unknown): string {
  const { webhookId } = params as { webhookId: string };
  if (!isValidId(webhookId)) throw new NotFoundError('There is no such webhook.');
  return webhookId;
}

export function webhookRoutes(app: FastifyInstance, context: AppContext): void {
  const rules = context.config.webhooks;

  route(app, context, 'GET', '/admin/v1/webhooks', { caller: 'admin' }, async ({ request }) => ({
    items: await listWebhooks(spaceCalling(request).store.db),
  }));

  route(
    app,
    context,
    'POST',
    '/admin/v1/webhooks',
    { caller: 'admin', parse: (request) => parseWebhookRegistration(request.body, rules) },
    async ({ request, reply, input }) =>
      reply.code(201).send(await registerWebhook(spaceCalling(request).store.db, input)),
  );

  route(
    app,
    context,
    'DELETE',
    '/admin/v1/webhooks/{webhookId}',
    { caller: 'admin', parse: (request) => webhookIdOf(request.params) },
    async ({ request, reply, input }) => {
      await deleteWebhook(spaceCalling(request).store.db, input);
      return reply.code(204).send();
    },
  );

  route(
    app,
    context,
    'POST',
    '/admin/v1/webhooks/{webhookId}/enable',
    { caller: 'admin', parse: (request) => webhookIdOf(request.params) },
    async ({ request, input }) => {
      const { store } = spaceCalling(request);
      return enableWebhook(store.db, store.space, input);
    },
  );

  route(
    app,
    context,
    'GET',
    '/admin/v1/webhooks/{webhookId}/attempts',
    { caller: 'admin', parse: (request) => webhookIdOf(request.params) },
    async ({ request, input }) => ({
      items: await listWebhookAttempts(spaceCalling(request).store.db, input),
    }),
  );
}
