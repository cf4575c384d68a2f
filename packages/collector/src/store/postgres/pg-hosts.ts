/**
 * Several hosts in one connection string, the way libpq writes them
 * (`postgres://user@db1:5432,db2:5432/faultline?target_session_attrs=read-write`): node-postgres
 * connects to one host only, so after a failover a collector would keep knocking on the old
 * primary until restarted. Here the pool's new connections go to the host that last answered as
 * the writable primary; a host that refuses, drops or times out the connection, or that answers
 * it is a standby (`pg_is_in_recovery()`), moves the later connections on to the next host of the
 * list (and round to the first). That one connection fails (503 + Retry-After); the next goes to
 * the next host, so the collector reaches a promoted standby by itself. The collector writes, so
 * every listed host must be the primary to be used (`target_session_attrs` may say `read-write`
 * or `primary`, nothing else). Which host is the primary is the failover tool's decision; two
 * writable hosts at once (a split brain) are not detected here.
 */

import { ConfigError } from '@faultline/core';
import pg from 'pg';

/** The URL's scheme and user part, its host list, and the rest (database and parameters). */
const HOST_LIST = /^(postgres(?:ql)?:\/\/(?:[^@/?#]*@)?)([^/?#]*)(.*)$/is;
const WRITABLE_ATTRS = new Set(['read-write', 'primary']);

/**
 * One single-host URL per host of a libpq-style host list, in order, without
 * `target_session_attrs` (pg does not know it); undefined for a URL of one host.
 * @example hostUrls('postgres://u@a:5432,b:5433/db') // ['postgres://u@a:5432/db', 'postgres://u@b:5433/db']
 */
export function hostUrls(connectionString: string): string[] | undefined {
  const match = HOST_LIST.exec(connectionString);
  if (match === null) return undefined;
  const [, head = '', hosts = '', tail = ''] = match;
  if (!hosts.includes(',')) return undefined;
  const list = hosts.split(',');
  if (list.some((h) => h.trim() === ''))
    throw new ConfigError(`a PostgreSQL host list has an empty host: '${hosts}'`);
  let rest = tail;
  const q = tail.indexOf('?');
  if (q >= 0) {
    const params = new URLSearchParams(tail.slice(q + 1));
    const attrs = params.get('target_session_attrs');
    if (attrs !== null && !WRITABLE_ATTRS.has(attrs))
      throw new ConfigError(
        `target_session_attrs=${attrs}: the collector writes, so only read-write or primary can serve it`,
      );
    params.delete('target_session_attrs');
    const query = params.toString();
    rest = tail.slice(0, q) + (query === '' ? '' : `?${query}`);
  }
  return list.map((h) => `${head}${h.trim()}${rest}`);
}

/** A standby's refusal in PostgreSQL's own terms (read_only_sql_transaction), so that pg-errors.ts
 * reads it as "cannot answer now". */
class StandbyError extends Error {
  readonly code = '25006';
}

/**
 * The pool options that spread its connections over `urls` (from hostUrls): a Client class that
 * connects to the current host and moves on from one that cannot be reached, and an onConnect
 * that moves on from a standby.
 * @example new pg.Pool({ ...options, ...multiHostOptions(hostUrls(url)!) })
 */
export function multiHostOptions(urls: readonly string[]): Pick<pg.PoolConfig, 'Client' | 'onConnect'> {
  let current = 0;
  // Many connections fail at once when a host goes: only the first moves on, the others agree.
  const moveOn = (from: number) => {
    if (current === from) current = (from + 1) % urls.length;
  };

  class MultiHostClient extends pg.Client {
    readonly hostIndex: number;

    constructor(config: pg.ClientConfig = {}) {
      const index = current;
      super({ ...config, connectionString: urls[index] });
      this.hostIndex = index;
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: (err: Error) => void): void;
    override connect(callback?: (err: Error) => void): Promise<pg.Client> | undefined {
      const connecting = super.connect().catch((error: unknown) => {
        moveOn(this.hostIndex);
        throw error;
      });
      if (callback === undefined) return connecting;
      // pg-pool passes a callback and reads a falsy first argument as success.
      connecting.then(
        () => callback(undefined as unknown as Error),
        (error: Error) => callback(error),
      );
      return undefined;
    }
  }

  return {
    Client: MultiHostClient as unknown as pg.PoolConfig['Client'],
    onConnect: async (client: pg.ClientBase) => {
      const { hostIndex } = client as unknown as MultiHostClient;
      const { rows } = await client.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
      if (rows[0]?.standby !== true) return;
      moveOn(hostIndex);
      throw new StandbyError(`PostgreSQL host ${hostIndex + 1} of ${urls.length} is a standby (in recovery)`);
    },
  };
}
