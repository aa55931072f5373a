/**
 * Configuration from the environment, checked once at start: a server that would run with a
 * wrong setting stops with a message saying which one instead.
 */
import { createHash } from 'node:crypto';
import { resolvePolicy, type Policy } from '../../src/core/policy.js';

export interface RateLimits {
  /** New messages a member may send per minute (conversation starts included). */
  readonly sendsPerMinute: number;
  /** Conversations a member may start per hour. */
  readonly conversationsPerHour: number;
  /** Reports a member may file per hour. */
  readonly reportsPerHour: number;
}

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /**
   * More ports serving the same API (0 for any free one). Browsers open at most six HTTP/1.1
   * connections per host and port, and each live event stream holds one: tests with many members
   * in one page spread them over ports. In production, serve HTTP/2 through a proxy instead.
   */
  readonly extraPorts: readonly number[];
  /** PostgreSQL URL; absent means the embedded PGlite database in `dataDir`. */
  readonly databaseUrl?: string;
  /** A schema to keep the tables in on that database (tests run several servers on one). */
  readonly databaseSchema?: string;
  /** PGlite's data folder; absent means in memory. */
  readonly dataDir?: string;
  readonly policy: Policy;
  readonly rateLimits: RateLimits;
  /** HS256 secret the portal signs member tokens with. */
  readonly jwtSecret?: string;
  /** Or: the portal's JWKS URL, for tokens signed with its private key. */
  readonly jwksUrl?: string;
  readonly jwtIssuer?: string;
  readonly jwtAudience?: string;
  /** Bearer secret of the admin API, through which the portal keeps its directory here. */
  readonly adminSecret: string;
  /** Origins whose pages may call the API (CORS). */
  readonly corsOrigins: readonly string[];
  readonly maxBodyBytes: number;
  /** SMTP URL for email notifications (smtp://user:pass@host:port); absent means no email. */
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  /** The link in an email; `{conversationId}` is replaced. */
  readonly linkTemplate: string;
  /** S22: the language of emails to members whose locale the server has no strings for. */
  readonly defaultLocale: string;
  /** S22: a digest leaves at most this often (hours, fractions allowed). */
  readonly digestHours: number;
  /** S22: this server as members' mail clients reach it (the unsubscribe link); absent: where it listens. */
  readonly publicUrl?: string;
  /** S22: the HMAC key of unsubscribe links (`CONV_LINK_SECRET`, else derived from the admin secret). */
  readonly linkSecret: string;
  /** S23: webhook deliveries. */
  readonly webhooks: {
    /** `http://127.0.0.1:<port>` endpoints are allowed (tests only). */
    readonly allowLoopbackHttp: boolean;
    /** Failed deliveries in a row after which an endpoint is disabled. */
    readonly maxFailures: number;
    readonly timeoutMs: number;
  };
  readonly heartbeatMs: number;
  /**
   * How long a delivery (email, webhook) a worker took stays its own: a process that died holding
   * one leaves it to the others, or to itself restarted, after this.
   */
  readonly jobLeaseMs: number;
  /** Event streams one member may hold open at once (tabs, devices); past it, 429. */
  readonly maxStreamsPerMember: number;
  /** Failed admin-secret attempts an address may make per minute before it is refused for a while. */
  readonly adminFailuresPerMinute: number;
  readonly timeouts: {
    /** Until the request's headers are in. */
    readonly headersMs: number;
    /** Until the whole request, body included, is in (a body sent a byte at a time is cut). */
    readonly requestMs: number;
    /** A socket with nothing read or written (event streams excepted). */
    readonly idleMs: number;
    /** An idle keep-alive connection between requests. */
    readonly keepAliveMs: number;
  };
  /** Behind a proxy: take the client's address from X-Forwarded-For (Fastify's `trustProxy`). */
  readonly trustProxy: boolean | string;
  readonly logLevel: string;
  /** How long events are kept for streams to resume from. */
  readonly eventRetentionMs: number;
  /**
   * On PGlite, the time between two passes of the server's own vacuum and analyze
   * (`maintenance.ts`: PGlite runs no autovacuum); autovacuum's naptime by default.
   */
  readonly maintenanceIntervalMs: number;
  /** Test servers only: the reset and fault-injection admin endpoints. */
  readonly testMode: boolean;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`${name} must be an integer of at least ${min}, got "${raw}".`);
  }
  return value;
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(raw) || !(value > 0)) {
    throw new Error(`${name} must be a positive number, got "${raw}".`);
  }
  return value;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function timeouts(env: Env): ServerConfig['timeouts'] {
  const headersMs = integer(env, 'CONV_HEADERS_TIMEOUT_MS', 10_000, 100);
  const requestMs = integer(env, 'CONV_REQUEST_TIMEOUT_MS', 30_000, 100);
  // Node requires the header deadline to come no later than the whole request's.
  if (headersMs > requestMs)
    throw new Error('CONV_HEADERS_TIMEOUT_MS must not exceed CONV_REQUEST_TIMEOUT_MS.');
  return {
    headersMs,
    requestMs,
    idleMs: integer(env, 'CONV_IDLE_TIMEOUT_MS', 60_000, 100),
    keepAliveMs: integer(env, 'CONV_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100),
  };
}

function trustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  return raw === 'true' || raw === '1' ? true : raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(raw: string): string {
  if (!LOG_LEVELS.includes(raw)) throw new Error(`CONV_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);
  return raw;
}

/** The portal's policy (message length, invitees…), which commands such as `import` also apply. */
export function policyFromEnv(env: Env): Policy {
  return resolvePolicy({
    maxMessageLength: integer(env, 'CONV_MAX_MESSAGE_LENGTH', 1000),
    maxMessageBytes: integer(env, 'CONV_MAX_MESSAGE_BYTES', 4000),
    maxInvitees: integer(env, 'CONV_MAX_INVITEES', 9),
    maxReportLength: integer(env, 'CONV_MAX_REPORT_LENGTH', 1000),
    editWindowMinutes: integer(env, 'CONV_EDIT_WINDOW_MINUTES', 15),
    // S26: the portal's reactions, space-separated ("👍 ❤️ 🎉"); the default set without it.
    ...(optional(env, 'CONV_REACTIONS')
      ? { reactions: optional(env, 'CONV_REACTIONS')!.trim().split(/\s+/u) }
      : {}),
  });
}

export function configFromEnv(env: Env): ServerConfig {
  const adminSecret = optional(env, 'CONV_ADMIN_SECRET');
  if (!adminSecret || adminSecret.length < 16) {
    throw new Error('CONV_ADMIN_SECRET must be set to a secret of at least 16 characters.');
  }
  const jwtSecret = optional(env, 'CONV_JWT_SECRET');
  const jwksUrl = optional(env, 'CONV_JWKS_URL');
  if (!jwtSecret && !jwksUrl) throw new Error('Set CONV_JWT_SECRET (shared secret) or CONV_JWKS_URL.');
  if (jwtSecret && jwtSecret.length < 32)
    throw new Error('CONV_JWT_SECRET must have at least 32 characters.');
  const linkTemplate =
    optional(env, 'CONV_LINK_TEMPLATE') ?? 'http://localhost:8000/?conversation={conversationId}';
  if (!linkTemplate.includes('{conversationId}')) {
    throw new Error('CONV_LINK_TEMPLATE must contain {conversationId}.');
  }
  const host = optional(env, 'CONV_HOST') ?? '127.0.0.1';
  const port = integer(env, 'CONV_PORT', 8787, 0);
  const linkSecret = optional(env, 'CONV_LINK_SECRET');
  if (linkSecret !== undefined && linkSecret.length < 32)
    throw new Error('CONV_LINK_SECRET must have at least 32 characters.');
  const defaultLocale = optional(env, 'CONV_DEFAULT_LOCALE') ?? 'en';
  try {
    Intl.getCanonicalLocales(defaultLocale);
  } catch {
    throw new Error(`CONV_DEFAULT_LOCALE must be a language tag such as "en", got "${defaultLocale}".`);
  }
  return {
    host,
    port,
    extraPorts: (optional(env, 'CONV_EXTRA_PORTS') ?? '')
      .split(',')
      .filter(Boolean)
      .map((raw) => {
        const port = Number(raw);
        if (!Number.isSafeInteger(port) || port < 0 || port > 65535) {
          throw new Error(`CONV_EXTRA_PORTS must list port numbers, got "${raw}".`);
        }
        return port;
      }),
    databaseUrl: optional(env, 'DATABASE_URL'),
    databaseSchema: optional(env, 'CONV_DB_SCHEMA'),
    dataDir: optional(env, 'CONV_DATA_DIR'),
    policy: policyFromEnv(env),
    rateLimits: {
      sendsPerMinute: integer(env, 'CONV_SENDS_PER_MINUTE', 30),
      conversationsPerHour: integer(env, 'CONV_CONVERSATIONS_PER_HOUR', 20),
      reportsPerHour: integer(env, 'CONV_REPORTS_PER_HOUR', 20),
    },
    jwtSecret,
    jwksUrl,
    jwtIssuer: optional(env, 'CONV_JWT_ISSUER'),
    jwtAudience: optional(env, 'CONV_JWT_AUDIENCE'),
    adminSecret,
    corsOrigins: (optional(env, 'CONV_CORS_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    maxBodyBytes: integer(env, 'CONV_MAX_BODY_BYTES', 64 * 1024, 1024),
    smtpUrl: optional(env, 'CONV_SMTP_URL'),
    mailFrom: optional(env, 'CONV_MAIL_FROM') ?? 'Conversations <conversations@localhost>',
    linkTemplate,
    defaultLocale,
    digestHours: positive(env, 'CONV_DIGEST_HOURS', 24),
    publicUrl: optional(env, 'CONV_PUBLIC_URL')?.replace(/\/+$/, ''),
    linkSecret:
      linkSecret ?? createHash('sha256').update(`conv-elements links\0${adminSecret}`).digest('hex'),
    webhooks: {
      allowLoopbackHttp: env.CONV_WEBHOOK_ALLOW_LOOPBACK_HTTP === '1',
      maxFailures: integer(env, 'CONV_WEBHOOK_MAX_FAILURES', 10),
      timeoutMs: integer(env, 'CONV_WEBHOOK_TIMEOUT_MS', 10_000, 100),
    },
    heartbeatMs: integer(env, 'CONV_HEARTBEAT_MS', 15_000, 100),
    jobLeaseMs: integer(env, 'CONV_JOB_LEASE_MS', 60_000, 1_000),
    maxStreamsPerMember: integer(env, 'CONV_MAX_STREAMS_PER_MEMBER', 10),
    adminFailuresPerMinute: integer(env, 'CONV_ADMIN_FAILURES_PER_MINUTE', 10),
    timeouts: timeouts(env),
    trustProxy: trustProxy(optional(env, 'CONV_TRUST_PROXY')),
    logLevel: logLevel(optional(env, 'CONV_LOG_LEVEL') ?? 'info'),
    eventRetentionMs: integer(env, 'CONV_EVENT_RETENTION_HOURS', 72) * 3_600_000,
    maintenanceIntervalMs: integer(env, 'CONV_PGLITE_MAINTENANCE_MS', 60_000, 100),
    testMode: env.CONV_TEST_MODE === '1',
  };
}
