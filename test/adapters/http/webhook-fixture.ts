/**
 * What the webhook tests share: the receiving server on 127.0.0.1 (started, and its hits read,
 * through the test server plugin's commands), the shape of what it records and of an endpoint,
 * and a reference server that may deliver to the loopback and disables after three failures.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { admin, createSpace, loadDirectory, startServer, type Backend, type TestServer } from './support.js';

/** One delivery the receiver took, as it judged it. */
export interface Hit {
  readonly valid: boolean;
  readonly fresh: boolean;
  readonly eventId: string;
  readonly type: string;
  readonly attempt: number;
  readonly contentType: string;
  readonly event: { id: string; type: string; createdAt: number; data: Record<string, unknown> };
  readonly answered: number;
}

/** An endpoint as the admin API lists it. */
export interface Endpoint {
  readonly id: string;
  readonly enabled: boolean;
  readonly consecutiveFailures: number;
  readonly disabledAt?: number;
  readonly disabledReason?: string;
  readonly secret?: string;
}

export const ALL_EVENTS = ['message.created', 'conversation.started', 'report.created', 'member.blocked'];

/** A receiving server; `failFirst` deliveries are answered `failWith` (an HTTP status). */
export async function receiver(options: { failFirst?: number; failWith?: number } = {}) {
  return (await executeServerCommand<{ id: string; url: string }, unknown>('conv-webhook-start', options))!;
}

/** Every delivery the receiver has taken so far. */
export async function hits(id: string): Promise<Hit[]> {
  return (await executeServerCommand<Hit[], unknown>('conv-webhook-hits', { id })) ?? [];
}

/** A reference server that delivers to the loopback over http and disables after 3 failures. */
export function webhookServer(backend: Backend): Promise<TestServer> {
  return startServer({
    backend,
    env: { CONV_WEBHOOK_ALLOW_LOOPBACK_HTTP: '1', CONV_WEBHOOK_MAX_FAILURES: '3' },
  });
}

/** A space of its own with the members ana and bo. */
export async function spaceWithMembers(server: TestServer): Promise<string> {
  const space = await createSpace(server);
  await loadDirectory(server, space, {
    members: [
      { id: 'ana', name: 'Ana' },
      { id: 'bo', name: 'Bo' },
    ],
    groups: [],
  });
  return space;
}

/** Registers `url` for `events` in `space`: 201, with the secret shown once. */
export async function register(
  server: TestServer,
  space: string,
  url: string,
  events: readonly string[] = ALL_EVENTS,
): Promise<Endpoint & { secret: string }> {
  const answer = await admin(server, 'POST', '/admin/v1/webhooks', { url, events }, space);
  expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
  return answer.body as Endpoint & { secret: string };
}
