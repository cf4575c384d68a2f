/**
 * Every option of `faultline serve`, in one table that parses the flags and the environment
 * and writes `faultline serve --help`. An entry's `apply` puts its value where startCollector
 * takes it, so a new collector option is one entry here.
 */

import {
  type AlertOptions,
  type CollectorOptions,
  checkSmtpUrl,
  DEFAULT_INGEST_OPTIONS,
  DEFAULT_INGEST_WORKERS,
  DEFAULT_MAX_EVENTS_PER_ISSUE,
  DEFAULT_RETENTION_DAYS,
  type IngestOptions,
  MAX_INGEST_WORKERS,
  MAX_TRUSTED_PROXY_HOPS,
  parseAllowList,
} from '@faultline/collector';
import { MAX_RETENTION_DAYS, MAX_RETENTION_INTERVAL_MS } from './limits.js';
import { type OptionSpec, option } from './option-table.js';
import {
  formatSize,
  readChecked,
  readDuration,
  readHttpUrl,
  readInteger,
  readList,
  readPostgresUrl,
  readSize,
  readText,
} from './option-values.js';
import { defaultStoreSettings, STORE_OPTIONS, type StoreSettings } from './store-options.js';

/** `--port` when neither the flag nor FAULTLINE_PORT/PORT is set. @example DEFAULT_PORT // 8000 */
export const DEFAULT_PORT = 8000;
/** `--host`: loopback, so nothing is open beyond this machine by default. @example DEFAULT_HOST // '127.0.0.1' */
export const DEFAULT_HOST = '127.0.0.1';

/** What `faultline serve` runs with: the store, and everything startCollector takes but the store. */
export interface ServeSettings extends StoreSettings {
  collector: Omit<CollectorOptions, 'store'> & { host: string; port: number };
}

/**
 * A fresh settings object with the defaults (the collector's own for everything not set).
 * @example defaultServeSettings().collector.port // 8000
 */
export function defaultServeSettings(): ServeSettings {
  return { ...defaultStoreSettings(), collector: { host: DEFAULT_HOST, port: DEFAULT_PORT } };
}

/** An ingest limit: a SIZE or a count, its default the collector's, its value in `ingest`. */
function ingestLimit(
  name: string,
  key: keyof IngestOptions & `max${string}`,
  kind: 'SIZE' | 'N',
  help: string,
): OptionSpec<ServeSettings> {
  const fallback = DEFAULT_INGEST_OPTIONS[key] as number;
  return option<ServeSettings, number>({
    name,
    value: kind,
    group: 'Ingest limits (SIZE: 1048576, 512KiB, 20MiB, 1GiB)',
    help,
    shownDefault: kind === 'SIZE' ? formatSize(fallback) : String(fallback),
    read: (raw) => (kind === 'SIZE' ? readSize(raw) : readInteger(raw, 1)),
    apply: (s, v) => {
      s.collector.ingest = { ...s.collector.ingest, [key]: v };
    },
  });
}

const ALERTS_GROUP = 'Alerts (rules are made through the API: POST /api/v1/projects/1/alert-rules)';

/** An alert option: its value in `alerts`. */
function alertOption<T>(
  spec: Omit<OptionSpec<ServeSettings, T>, 'group' | 'apply'>,
  key: keyof AlertOptions,
): OptionSpec<ServeSettings> {
  return option<ServeSettings, T>({
    ...spec,
    group: ALERTS_GROUP,
    apply: (s, v) => {
      s.collector.alerts = { ...s.collector.alerts, [key]: v };
    },
  });
}

/**
 * Every option of `faultline serve`, in the help's order.
 * @example parseOptions(SERVE_OPTIONS, ['--retention-days', '30'], {}, defaultServeSettings()).settings.collector.retention // { days: 30 }
 */
export const SERVE_OPTIONS: readonly OptionSpec<ServeSettings>[] = [
  ...STORE_OPTIONS,
  option<ServeSettings, string>({
    name: 'db-listen',
    value: 'URL',
    group: 'Store',
    help: "with --db through a transaction-pooling PgBouncer: PostgreSQL's own URL, for the one connection that LISTENs for changes (revoked keys, settings, rules) from other collectors. Without it they apply within the caches' 5-10 s.",
    shownDefault: 'the --db URL',
    read: readPostgresUrl,
    apply: (s, v) => {
      s.dbListen = v;
    },
  }),
  option<ServeSettings, string>({
    name: 'host',
    value: 'HOST',
    group: 'Network',
    help: 'the address to listen on; 0.0.0.0 listens on every interface (put TLS in front of it).',
    shownDefault: DEFAULT_HOST,
    read: readText,
    apply: (s, v) => {
      s.collector.host = v;
    },
  }),
  option<ServeSettings, number>({
    name: 'port',
    alsoEnv: ['PORT'],
    value: 'N',
    group: 'Network',
    help: 'the port to listen on; 0 picks a free one.',
    shownDefault: String(DEFAULT_PORT),
    read: (raw) => readInteger(raw, 0, 65535),
    apply: (s, v) => {
      s.collector.port = v;
    },
  }),
  option<ServeSettings, string>({
    name: 'public-url',
    value: 'URL',
    group: 'Network',
    help: 'the base URL written into DSNs, printed, and linked to from alerts, when SDKs and browsers reach the collector through a proxy or a domain (https://faultline.example.com).',
    shownDefault: 'http://HOST:PORT',
    read: readHttpUrl,
    apply: (s, v) => {
      s.collector.publicUrl = v;
    },
  }),
  option<ServeSettings, string>({
    name: 'admin-token',
    envOnly: true,
    group: 'Access',
    help: 'a bearer token for the read API and the dashboard login, besides the tokens in the store. Without it, the first start creates one and prints it once.',
    read: readText,
    apply: (s, v) => {
      s.collector.adminToken = v;
    },
  }),
  option<ServeSettings, number>({
    name: 'trust-proxy',
    value: 'N',
    group: 'Access',
    help: "the number of reverse proxies in front of the collector whose X-Forwarded-For it trusts for the client address (login throttling); 0 uses the socket's peer address. Set it only when every request comes through those proxies, or a client can pick its own address.",
    shownDefault: '0',
    read: (raw) => readInteger(raw, 0, MAX_TRUSTED_PROXY_HOPS),
    apply: (s, v) => {
      s.collector.trustProxy = v;
    },
  }),
  option<ServeSettings, string>({
    name: 'metrics-token',
    envOnly: true,
    group: 'Metrics (GET /metrics, Prometheus text; closed unless one of these is set)',
    help: 'a bearer token (16 or more of A-Z a-z 0-9 . _ ~ + / -) that opens /metrics on the main port.',
    read: readText,
    apply: (s, v) => {
      s.collector.metrics = { ...s.collector.metrics, token: v };
    },
  }),
  option<ServeSettings, number>({
    name: 'metrics-port',
    value: 'N',
    group: 'Metrics (GET /metrics, Prometheus text; closed unless one of these is set)',
    help: 'serve /metrics without a token on a listener of its own on this port (0 picks a free one), for a scraper on a private network.',
    read: (raw) => readInteger(raw, 0, 65535),
    apply: (s, v) => {
      s.collector.metrics = { ...s.collector.metrics, port: v };
    },
  }),
  option<ServeSettings, string>({
    name: 'metrics-host',
    value: 'HOST',
    group: 'Metrics (GET /metrics, Prometheus text; closed unless one of these is set)',
    help: 'the address of that listener.',
    shownDefault: DEFAULT_HOST,
    read: readText,
    apply: (s, v) => {
      s.collector.metrics = { ...s.collector.metrics, host: v };
    },
  }),
  alertOption<string>(
    {
      name: 'smtp-url',
      envOnly: true,
      help: 'the SMTP relay alert emails go through: smtp://user:pass@host:587 (STARTTLS when the relay offers it) or smtps://user:pass@host:465. Without it, email channels fail their attempts and say so.',
      read: (raw) => readChecked(raw, () => checkSmtpUrl(raw)),
    },
    'smtpUrl',
  ),
  alertOption<string>(
    {
      name: 'smtp-from',
      value: 'ADDRESS',
      help: 'the From of alert emails, e.g. "Faultline <alerts@example.com>"; needed with FAULTLINE_SMTP_URL.',
      read: readText,
    },
    'smtpFrom',
  ),
  alertOption<string[]>(
    {
      name: 'webhook-allow',
      value: 'LIST',
      help: 'comma-separated hosts and CIDRs that webhook, Slack, Discord and PagerDuty notifications may reach although they are loopback, private or link-local (chat.internal,10.0.0.0/8). Every other address that is not on the public internet is refused (SSRF guard).',
      shownDefault: 'none',
      read: (raw) => {
        const entries = readList(raw);
        return readChecked(entries, () => parseAllowList(entries));
      },
    },
    'webhookAllow',
  ),
  option<ServeSettings, number>({
    name: 'retention-days',
    value: 'N',
    group: 'Retention',
    help: `events older than N days are deleted (1 to ${MAX_RETENTION_DAYS}).`,
    shownDefault: String(DEFAULT_RETENTION_DAYS),
    read: (raw) => readInteger(raw, 1, MAX_RETENTION_DAYS),
    apply: (s, v) => {
      s.collector.retention = { ...s.collector.retention, days: v };
    },
  }),
  option<ServeSettings, number>({
    name: 'retention-interval',
    value: 'DURATION',
    group: 'Retention',
    help: 'how often retention runs (90s, 15m, 2h): once per interval across all collectors sharing a PostgreSQL, by the one holding its lease.',
    shownDefault: '1h',
    read: (raw) => readDuration(raw, MAX_RETENTION_INTERVAL_MS),
    apply: (s, v) => {
      s.collector.retention = { ...s.collector.retention, intervalMs: v };
    },
  }),
  option<ServeSettings, number>({
    name: 'retention-per-issue',
    value: 'N',
    group: 'Retention',
    help: 'each issue keeps its newest N events; older ones are deleted (its counts stay).',
    shownDefault: String(DEFAULT_MAX_EVENTS_PER_ISSUE),
    read: (raw) => readInteger(raw, 1),
    apply: (s, v) => {
      s.collector.retention = { ...s.collector.retention, maxEventsPerIssue: v };
    },
  }),
  ingestLimit(
    'max-envelope-size',
    'maxEnvelopeBodyBytes',
    'SIZE',
    'one envelope request body as sent (compressed or not); a bigger one is refused with 413.',
  ),
  ingestLimit(
    'max-decompressed-size',
    'maxDecompressedBytes',
    'SIZE',
    'one request body after decompression; a compression bomb is refused with 413 as soon as it passes this.',
  ),
  ingestLimit(
    'max-event-size',
    'maxEventBytes',
    'SIZE',
    'one event or transaction; a bigger one is refused with 413.',
  ),
  ingestLimit(
    'max-attachment-size',
    'maxStoredAttachmentBytes',
    'SIZE',
    'one attachment kept (attachments are stored in the database); a bigger one is dropped and counted.',
  ),
  ingestLimit(
    'max-inflight-size',
    'maxInflightBodyBytes',
    'SIZE',
    'the bodies of all requests being read at once; past it, new requests get 429 with Retry-After, so memory stays bounded.',
  ),
  ingestLimit(
    'max-queued-batches',
    'maxQueuedBatches',
    'N',
    'accepted requests waiting for a commit; past it, new ones get 429 with Retry-After instead of queueing.',
  ),
  ingestLimit(
    'max-queued-size',
    'maxQueuedBytes',
    'SIZE',
    'the bytes of the requests waiting for a commit; past it, 429 as above.',
  ),
  option<ServeSettings, number>({
    name: 'ingest-workers',
    value: 'N',
    group: 'Ingest limits (SIZE: 1048576, 512KiB, 20MiB, 1GiB)',
    help: `worker threads that decompress, parse and scrub request bodies, beside the main thread (HTTP, the one writer); 0 does it all on the main thread. At most ${MAX_INGEST_WORKERS}.`,
    shownDefault: `${DEFAULT_INGEST_OPTIONS.ingestWorkers} (cores - 1 would be ${DEFAULT_INGEST_WORKERS})`,
    read: (raw) => readInteger(raw, 0, MAX_INGEST_WORKERS),
    apply: (s, v) => {
      s.collector.ingest = { ...s.collector.ingest, ingestWorkers: v };
    },
  }),
];
