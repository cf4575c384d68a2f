/**
 * A PgBouncer of a test's own (Debian's `pgbouncer`) in front of a PostgreSQL server: its ini and
 * user list in a temporary folder, run as a user other than root (it refuses root), stopped by
 * dispose() or, if the test process dies first, by a watchdog.
 */

import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** PgBouncer accepts connections within this of its start on a loaded machine. */
const READY_MS = 15_000;

export interface PgBouncer {
  /** The server URL with PgBouncer's host and port in place of the server's. */
  url: string;
  /** The server process ids of PgBouncer's server connections now (its console's SHOW SERVERS). */
  serverPids(): Promise<number[]>;
  /** Stops it and removes its folder; safe to call more than once. */
  dispose(): Promise<void>;
}

/** The uid and gid of `postgres` when we are root (PgBouncer will not run as root), else ours. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts PgBouncer on 127.0.0.1:`port` for every database of `serverUrl`'s server, with trust
 * authentication for its user, `pool_mode = transaction` and `settings` on top (ini keys of the
 * [pgbouncer] section).
 * @example const bouncer = await startPgBouncer(postgresUrl()!, 54_480, { default_pool_size: '4' });
 */
export async function startPgBouncer(
  serverUrl: string,
  port: number,
  settings: Record<string, string> = {},
): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const dir = mkdtempSync(join(tmpdir(), 'faultline-pgbouncer-'));
  const ini = {
    listen_addr: '127.0.0.1',
    listen_port: String(port),
    unix_socket_dir: '',
    auth_type: 'trust',
    auth_file: join(dir, 'users.txt'),
    pool_mode: 'transaction',
    max_client_conn: '500',
    default_pool_size: '20',
    logfile: join(dir, 'pgbouncer.log'),
    admin_users: decodeURIComponent(server.username),
    ...settings,
  };
  writeFileSync(join(dir, 'users.txt'), `"${decodeURIComponent(server.username)}" ""\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    `[databases]\n* = host=${server.hostname} port=${server.port || '5432'}\n\n[pgbouncer]\n${Object.entries(
      ini,
    )
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n')}\n`,
  );
  const user = runAs();
  if (user !== undefined)
    for (const f of ['', 'users.txt', 'pgbouncer.ini']) chownSync(join(dir, f), user.uid, user.gid);
  const child = spawn('pgbouncer', [join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user ?? {}),
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  // Whatever happens to this process, PgBouncer goes with it.
  const watchdog = spawn(
    'bash',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.5; done; kill ${child.pid} 2>/dev/null`],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_MS;
  while (!(await accepting(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`PgBouncer did not start on port ${port}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = new URL(serverUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  let disposed = false;
  const consoleUrl = new URL(url.href);
  consoleUrl.pathname = '/pgbouncer';
  return {
    url: url.href,
    async serverPids() {
      // The console speaks the simple query protocol only: a query without parameters.
      const client = new pg.Client({ connectionString: consoleUrl.href });
      await client.connect();
      try {
        const { rows } = await client.query<{ remote_pid: string }>('SHOW SERVERS');
        return rows.map((r) => Number(r.remote_pid)).filter((pid) => pid > 0);
      } finally {
        await client.end();
      }
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await stop();
    },
  };
}
