/**
 * A PostgreSQL instance of a test's own (scripts/postgres.sh with a private port and folder), which
 * the test may stop and start again with its data kept, without disturbing the shared one.
 * Runs PostgreSQL as the `postgres` user when the test runs as root, as the script does.
 */

import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/postgres.sh', import.meta.url));
/** Ports of tests' own instances: 57000-57999, away from the shared ones (543xx) and CI's. */
const FIRST_PORT = 57_000;
const PORTS = 1000;

async function isFree(port: number): Promise<boolean> {
  const server = net.createServer();
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}

function asPostgres(command: string): void {
  const root = process.getuid?.() === 0;
  execFileSync(
    root ? 'su' : 'bash',
    root ? ['postgres', '-s', '/bin/bash', '-c', command] : ['-c', command],
    {
      stdio: 'ignore',
    },
  );
}

export interface OwnPostgres {
  url: string;
  /** Fast shutdown (connections are terminated); the data stays. */
  stop(): void;
  /** Starts the stopped instance again on the same port and data. */
  start(): void;
  /** Stops it and removes its data; safe to call twice. */
  remove(): void;
}

/** @example const pg = await startOwnPostgres(); try { … pg.stop(); … pg.start(); } finally { pg.remove(); } */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  let port = FIRST_PORT + (process.pid % PORTS);
  while (!(await isFree(port))) port = FIRST_PORT + ((port - FIRST_PORT + 1) % PORTS);
  const dir = `/tmp/faultline-test-pg-${port}`;
  const env = { ...process.env, FAULTLINE_PG_PORT: String(port), FAULTLINE_PG_DIR: dir };
  const url = execFileSync('bash', [SCRIPT, 'start'], { env, encoding: 'utf8' }).trim();
  return {
    url,
    stop: () => asPostgres(`pg_ctl -D '${dir}' -m fast -w stop`),
    start: () =>
      asPostgres(
        `pg_ctl -D '${dir}' -l '${dir}/server.log' -w -o "-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1" start`,
      ),
    remove: () => execFileSync('bash', [SCRIPT, 'stop'], { env, stdio: 'ignore' }),
  };
}
