/**
 * The delivery queue's `webhook` handler (S23): one POST of one event to one endpoint, signed,
 * with its attempt recorded for the admin API. A failure (no answer within the timeout, a status
 * other than 2xx, an address not allowed) throws, so the queue retries it with backoff; after
 * `maxFailures` failures in a row the endpoint is disabled with the reason, and its deliveries
 * stop: those already queued are parked as they come up (not dropped, not counted as attempts)
 * and resumed when the portal enables it again (`enableWebhook`); events of the time it is
 * disabled are not queued for it at all (`conv_webhook_event`).
 *
 * Signature: `X-Conv-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with
 * `X-Conv-Timestamp: <unix seconds>`; the receiver recomputes it and refuses a timestamp older
 * than a few minutes, so a captured delivery cannot be replayed later (docs/webhooks.md).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Database } from '../db.js';
import type { Job } from '../queue/jobs.js';
import type { JobHandler } from '../queue/worker.js';
import { isRecord } from '../store.js';
import { guardedLookup, type AddressRules } from './address.js';
import { ATTEMPTS_KEPT } from './endpoints.js';

export interface WebhookOptions extends AddressRules {
  /** Failures in a row after which an endpoint is disabled. */
  readonly maxFailures: number;
  /** How long a receiver has to answer. */
  readonly timeoutMs: number;
}

/** The signature header's value for a body sent at `timestamp` (seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

interface Outcome {
  readonly status: number | null;
  readonly error: string | null;
}

function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: WebhookOptions,
): Promise<Outcome> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(url, options) as never,
        timeout: options.timeoutMs,
      },
      (response) => {
        // What the receiver says is not kept: only its status.
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve({ status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` });
        });
        response.on('error', () => resolve({ status: response.statusCode ?? null, error: 'response cut' }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        status: null,
        error: error.code === 'EPRIVATEADDRESS' ? error.message : error.message || String(error.code),
      }),
    );
    request.end(body);
  });
}

type EndpointRow = { url: string; secret: string; disabled_at: number | null; consecutive_failures: number };

export function webhookHandler(db: Database, options: WebhookOptions): JobHandler {
  return async (job: Job) => {
    const { payload } = job;
    if (!isRecord(payload) || typeof payload.endpointId !== 'string' || !isRecord(payload.event)) {
      throw new Error('A webhook job names an endpoint and an event.');
    }
    const event = payload.event as { id: string; type: string };
    const [endpoint] = await db.query<EndpointRow>(
      'select url, secret, disabled_at, consecutive_failures from webhook_endpoints where id = $1',
      [payload.endpointId],
    );
    // Deleted since: nothing to deliver. Disabled: it waits until the portal enables it again.
    if (!endpoint) return;
    if (endpoint.disabled_at !== null) return 'park';
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const started = Date.now();
    const outcome = await post(
      new URL(endpoint.url),
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'conv-elements-webhooks/1',
        'x-conv-event': event.type,
        'x-conv-event-id': event.id,
        'x-conv-delivery-attempt': String(job.attempts),
        'x-conv-timestamp': String(timestamp),
        'x-conv-signature': signWebhook(endpoint.secret, timestamp, body),
      },
      options,
    );
    const ok = outcome.error === null;
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into webhook_attempts (endpoint_id, event_id, event_type, attempt, status, ok, error, duration_ms, at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          payload.endpointId as string,
          event.id,
          event.type,
          job.attempts,
          outcome.status,
          ok,
          outcome.error,
          Date.now() - started,
          Date.now(),
        ],
      );
      await tx.query(
        `delete from webhook_attempts where endpoint_id = $1 and id not in (
           select id from webhook_attempts where endpoint_id = $1 order by id desc limit $2)`,
        [payload.endpointId as string, ATTEMPTS_KEPT],
      );
      if (ok) {
        await tx.query('update webhook_endpoints set consecutive_failures = 0 where id = $1', [
          payload.endpointId as string,
        ]);
        return;
      }
      await tx.query(
        `update webhook_endpoints set consecutive_failures = consecutive_failures + 1,
                disabled_at = case when consecutive_failures + 1 >= $2 then $3::float8 end,
                disabled_reason = case when consecutive_failures + 1 >= $2
                  then $2 || ' deliveries in a row failed; the last: ' || $4 end
          where id = $1 and disabled_at is null`,
        [payload.endpointId as string, options.maxFailures, Date.now(), outcome.error ?? ''],
      );
    });
    if (!ok) throw new Error(`Webhook delivery failed: ${outcome.error}`);
  };
}
