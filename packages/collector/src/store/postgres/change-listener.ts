/**
 * One connection per collector that LISTENs for the change notices of migration 12's triggers
 * (`schema.table` on `faultline_changes`, sent at the commit of any change to a cached table,
 * whoever made it) and passes each table of this store's schema on, so caches forget it at once.
 * After a lost connection (a restart, a failover, a frozen server found by the probe) it
 * reconnects every CHANGE_LISTEN_RETRY_MS and, once listening again, reports `*`: notices sent
 * meanwhile were missed, so every cache is read again. A URL listing several hosts is followed as
 * the pool follows it (pg-hosts.ts): a standby cannot LISTEN, so a reconnect moves on to the next
 * host until one is the primary. While it cannot listen, the caches' own TTLs
 * (KEY_CACHE_TTL_MS, ALERT_RULES_CACHE_TTL_MS, SILENCES_CACHE_TTL_MS) remain the bound.
 *
 * Road not taken: a short TTL on every cache alone. It costs a read per cache and collector per
 * TTL, and a TTL short enough for "a revoked key stops at once" (a second) would re-read every key
 * every second. LISTEN needs a session of its own: behind a transaction-pooling PgBouncer it must
 * reach PostgreSQL directly, or the TTLs are the bound.
 */

import pg from 'pg';
import {
  CHANGE_LISTEN_PROBE_MS,
  CHANGE_LISTEN_RETRY_MS,
  PG_CONNECT_TIMEOUT_MS,
  PG_KEEPALIVE_INITIAL_DELAY_MS,
  PG_QUERY_TIMEOUT_MS,
} from '../../limits.js';
import { hostUrls, multiHostOptions } from './pg-hosts.js';

/** The channel migration 12's trigger function notifies. */
const CHANNEL = 'faultline_changes';

/** The listener's `application_name` unless its URL names one: an operator (or a test) tells it
 * from the pool's connections in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'faultline-listener';

/** Every table changed, or notices missed: forget everything. */
export const ALL_TABLES = '*';

export interface ChangeListenerOptions {
  connectionString: string;
  schema?: string;
  /** A table of this store's schema changed ('projects', 'project_keys', 'alert_rules',
   * 'alert_silences'), or ALL_TABLES. */
  onChange: (table: string) => void;
}

/**
 * @example const listener = startChangeListener({ connectionString, onChange: (t) => caches.forget(t) }); await listener.close()
 */
export function startChangeListener(options: ChangeListenerOptions): { close(): Promise<void> } {
  const hosts = hostUrls(options.connectionString);
  const multi = hosts === undefined ? undefined : multiHostOptions(hosts);
  const Client = (multi?.Client ?? pg.Client) as typeof pg.Client;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const lost = (c: pg.Client) => {
    if (client === c) client = undefined;
    c.removeAllListeners('notification');
    c.end().catch(() => {});
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, CHANGE_LISTEN_RETRY_MS);
    retry.unref();
  };

  const connect = async () => {
    const c = new Client({
      connectionString: options.connectionString,
      fallback_application_name: LISTENER_APPLICATION_NAME,
      connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
      query_timeout: PG_QUERY_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: PG_KEEPALIVE_INITIAL_DELAY_MS,
      ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    });
    let dead = false;
    const fail = () => {
      if (dead) return;
      dead = true;
      lost(c);
    };
    c.on('error', fail);
    c.on('end', fail);
    try {
      await c.connect();
      await multi?.onConnect?.(c as unknown as pg.PoolClient);
      const schema = (await c.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s;
      c.on('notification', (n) => {
        const payload = n.payload ?? '';
        const dot = payload.lastIndexOf('.');
        if (payload.slice(0, dot) === schema) options.onChange(payload.slice(dot + 1));
      });
      await c.query(`LISTEN ${CHANNEL}`);
      if (closed) return void c.end().catch(() => {});
      client = c;
      options.onChange(ALL_TABLES);
    } catch {
      fail();
    }
  };

  const probe = setInterval(() => {
    const c = client;
    c?.query('SELECT 1').catch(() => c.emit('error', new Error('the change listener lost its server')));
  }, CHANGE_LISTEN_PROBE_MS);
  probe.unref();
  void connect();

  return {
    async close() {
      closed = true;
      clearInterval(probe);
      clearTimeout(retry);
      const c = client;
      client = undefined;
      c?.removeAllListeners();
      c?.on('error', () => {});
      await c?.end().catch(() => {});
    },
  };
}
