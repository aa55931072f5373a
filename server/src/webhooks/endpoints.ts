/**
 * The portal's webhook endpoints (S23), kept through the admin API: registered with a URL
 * (`address.ts`) and the events they want, listed without their secrets, enabled again after
 * repeated failure disabled them, deleted with their queued deliveries, and their last attempts
 * shown.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  NotFoundError,
  ValidationError,
  codePointLength,
  isRecord,
  isStorableText,
  isValidId,
} from '../../../src/core/index.js';
import type { Database } from '../db.js';
import { resumeJobs } from '../queue/jobs.js';
import { checkWebhookUrl, type AddressRules } from './address.js';
import { isWebhookEventType, type WebhookEventType } from './events.js';

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  readonly description?: string;
  readonly createdAt: number;
  readonly enabled: boolean;
  readonly consecutiveFailures: number;
  readonly disabledAt?: number;
  readonly disabledReason?: string;
}

export interface WebhookRegistration {
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  readonly description?: string;
}

type EndpointRow = {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  created_at: number;
  consecutive_failures: number;
  disabled_at: number | null;
  disabled_reason: string | null;
};

const COLUMNS =
  'id, url, events, description, created_at, consecutive_failures, disabled_at, disabled_reason';
/** Attempts kept per endpoint (older ones are deleted as new ones come). */
export const ATTEMPTS_KEPT = 100;

function refused(message: string): ValidationError {
  return new ValidationError('bad-request', message, { field: 'request' });
}

/** `POST /admin/v1/webhooks`: a URL, at least one event type (each once), a short description. */
export function parseWebhookRegistration(input: unknown, rules: AddressRules): WebhookRegistration {
  if (!isRecord(input)) throw refused('Send {"url": "https://…", "events": ["message.created", …]}.');
  const extra = Object.keys(input).filter(
    (key) => input[key] !== undefined && !['url', 'events', 'description'].includes(key),
  );
  if (extra.length > 0)
    throw refused(`A webhook has url, events and description only, not ${extra.join(', ')}.`);
  const { url, events, description } = input;
  if (typeof url !== 'string' || url.length === 0 || url.length > 2000 || !isStorableText(url)) {
    throw refused('A webhook URL is an absolute https URL of at most 2000 characters.');
  }
  if (!Array.isArray(events) || events.length === 0 || !events.every(isWebhookEventType)) {
    throw refused(
      'events lists one or more of message.created, conversation.started, report.created, member.blocked.',
    );
  }
  if (new Set(events).size !== events.length) throw refused('events names each event type once.');
  if (
    description !== undefined &&
    (typeof description !== 'string' || !isStorableText(description) || codePointLength(description) > 200)
  ) {
    throw refused('A description is text of at most 200 characters.');
  }
  return {
    url: checkWebhookUrl(url, rules),
    events: events as WebhookEventType[],
    ...(description === undefined ? {} : { description: description as string }),
  };
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    ...(row.description === null ? {} : { description: row.description }),
    createdAt: row.created_at,
    enabled: row.disabled_at === null,
    consecutiveFailures: row.consecutive_failures,
    ...(row.disabled_at === null ? {} : { disabledAt: row.disabled_at }),
    ...(row.disabled_reason === null ? {} : { disabledReason: row.disabled_reason }),
  };
}

export async function registerWebhook(
  db: Database,
  registration: WebhookRegistration,
): Promise<WebhookEndpoint & { secret: string }> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const [row] = await db.query<EndpointRow>(
    `insert into webhook_endpoints (id, url, events, secret, description, created_at)
     values ($1, $2, $3::text[], $4, $5, $6) returning ${COLUMNS}`,
    [
      randomUUID(),
      registration.url,
      [...registration.events],
      secret,
      registration.description ?? null,
      Date.now(),
    ],
  );
  return { ...toEndpoint(row), secret };
}

export async function listWebhooks(db: Database): Promise<WebhookEndpoint[]> {
  const rows = await db.query<EndpointRow>(
    `select ${COLUMNS} from webhook_endpoints order by created_at, id`,
  );
  return rows.map(toEndpoint);
}

function noSuchWebhook(): NotFoundError {
  return new NotFoundError('There is no such webhook.');
}

export async function deleteWebhook(db: Database, id: string): Promise<void> {
  if (!isValidId(id)) throw noSuchWebhook();
  await db.transaction(async (tx) => {
    const deleted = await tx.query('delete from webhook_endpoints where id = $1 returning id', [id]);
    if (deleted.length === 0) throw noSuchWebhook();
    // Its deliveries still queued would find no endpoint; they are dropped now instead.
    await tx.query(`delete from jobs where kind = 'webhook' and payload->>'endpointId' = $1`, [id]);
  });
}

/**
 * Turns an endpoint back on (a disabled one, or one counting failures): no longer disabled, no
 * failures counted, and its parked deliveries (queued before it was disabled) due now, oldest
 * first. What happened while it was disabled was not queued for it and is not sent. Enabling an
 * enabled endpoint only clears its failure count.
 */
export async function enableWebhook(db: Database, space: string, id: string): Promise<WebhookEndpoint> {
  if (!isValidId(id)) throw noSuchWebhook();
  return db.transaction(async (tx) => {
    const [row] = await tx.query<EndpointRow>(
      `update webhook_endpoints set disabled_at = null, disabled_reason = null, consecutive_failures = 0
        where id = $1 returning ${COLUMNS}`,
      [id],
    );
    if (!row) throw noSuchWebhook();
    await resumeJobs(tx, space, 'webhook', 'endpointId', id);
    return toEndpoint(row);
  });
}

export async function listWebhookAttempts(db: Database, id: string) {
  if (!isValidId(id)) throw noSuchWebhook();
  const exists = await db.query('select 1 from webhook_endpoints where id = $1', [id]);
  if (exists.length === 0) throw noSuchWebhook();
  const rows = await db.query<{
    event_id: string;
    event_type: WebhookEventType;
    attempt: number;
    status: number | null;
    ok: boolean;
    error: string | null;
    duration_ms: number;
    at: number;
  }>(
    `select event_id, event_type, attempt, status, ok, error, duration_ms, at
       from webhook_attempts where endpoint_id = $1 order by id desc limit $2`,
    [id, ATTEMPTS_KEPT],
  );
  return rows.map((row) => ({
    eventId: row.event_id,
    eventType: row.event_type,
    attempt: row.attempt,
    status: row.status,
    ok: row.ok,
    error: row.error,
    durationMs: row.duration_ms,
    at: row.at,
  }));
}
