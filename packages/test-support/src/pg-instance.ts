/**
 * A PostgreSQL of a test's own (scripts/postgres.sh on a private port and folder), so a test can
 * restart, stop or freeze it without disturbing the shared instance other tests use. A watchdog
 * process outlives the test: if the test process dies before its cleanup ran, the watchdog
 * resumes (SIGCONT) and stops this instance, so no stopped or running PostgreSQL is left behind.
 */

import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('../../../scripts/postgres.sh', import.meta.url));
/** Ports of the tests' own instances: far from the shared instances (5432, 5433x-5434x). */
const PORT_BASE = 56_000;
const PORT_SPAN = 4_000;

export interface PgInstance {
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`. */
  restart(): Promise<void>;
  /** A fast stop that keeps the data; `resume()` starts it again. */
  halt(): Promise<void>;
  /** An immediate stop (no shutdown checkpoint, nothing more sent to standbys), as if the host
   * died; the data is kept. */
  crash(): Promise<void>;
  resume(): Promise<void>;
  /** SIGSTOP to every process of the instance: connections stay open and nothing answers. */
  freeze(): void;
  /** SIGCONT to every process of the instance. */
  thaw(): void;
  /** Thaws, stops, removes the data; safe to call more than once. */
  dispose(): Promise<void>;
}

/** A streaming standby of another instance (`pg_basebackup -R`). */
export interface PgReplica extends PgInstance {
  /** `pg_ctl promote`: the standby ends recovery and becomes a writable primary. */
  promote(): Promise<void>;
}

export interface PgInstanceOptions {
  /** The first and last port to choose from (a test's own range); default: one derived from the pid. */
  ports?: readonly [number, number];
}

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port of [first, last] nobody listens on now (127.0.0.1); by default one derived from the pid.
 * @example const port = await freePort([54_470, 54_474]);
 */
export async function freePort(range?: readonly [number, number]): Promise<number> {
  if (range !== undefined) {
    for (let port = range[0]; port <= range[1]; port++) if (await portIsFree(port)) return port;
    throw new Error(`no free port in ${range[0]}-${range[1]}`);
  }
  for (let i = 0; i < 50; i++) {
    const port = PORT_BASE + ((process.pid + i * 97) % PORT_SPAN);
    if (await portIsFree(port)) return port;
  }
  throw new Error('no free port for a test PostgreSQL');
}

/** The postmaster and its children (backends, checkpointer, walwriter, …). */
function processesOf(dir: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return [];
  }
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent; the name field before it may hold spaces.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

function signalAll(dir: string, signal: NodeJS.Signals): void {
  for (const pid of processesOf(dir)) {
    try {
      process.kill(pid, signal);
    } catch {
      // exited meanwhile
    }
  }
}

/** Runs scripts/postgres.sh `command` (`start` or `replica`) for an instance of its own, guarded
 * by a watchdog, and returns the handle on it. */
async function launch(
  command: 'start' | 'replica',
  options: PgInstanceOptions,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<PgReplica> {
  const port = await freePort(options.ports);
  const dir = join(tmpdir(), `faultline-pg-test-${port}-${process.pid}`);
  const env = { ...process.env, ...extraEnv, FAULTLINE_PG_PORT: String(port), FAULTLINE_PG_DIR: dir };
  const run = async (what: string) => {
    const { stdout } = await promisify(execFile)(SCRIPT, [what], { env });
    return stdout.trim();
  };
  // Started before the instance: whatever happens to this process, the instance goes with it.
  const watchdog = spawn(
    'bash',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.5; done
       if [ -f "$FAULTLINE_PG_DIR/postmaster.pid" ]; then
         pm=$(head -n 1 "$FAULTLINE_PG_DIR/postmaster.pid")
         kill -CONT "$pm" $(pgrep -P "$pm") 2>/dev/null
       fi
       "${SCRIPT}" stop`,
    ],
    { env, detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  const url = await run(command);
  let disposed = false;
  return {
    url,
    port,
    restart: async () => void (await run('restart')),
    halt: async () => void (await run('halt')),
    crash: async () => void (await run('crash')),
    resume: async () => void (await run('resume')),
    promote: async () => void (await run('promote')),
    freeze: () => signalAll(dir, 'SIGSTOP'),
    thaw: () => signalAll(dir, 'SIGCONT'),
    async dispose() {
      if (disposed) return;
      disposed = true;
      signalAll(dir, 'SIGCONT');
      await run('stop');
    },
  };
}

/**
 * Starts a fresh instance.
 * @example const pg = await startPgInstance(); after(() => pg.dispose());
 */
export async function startPgInstance(options: PgInstanceOptions = {}): Promise<PgInstance> {
  const { promote: _, ...instance } = await launch('start', options);
  return instance;
}

/**
 * Starts a streaming standby of `primary` from a base backup of it (`pg_basebackup -R`); it
 * replays the primary's WAL until `promote()`.
 * @example const standby = await startPgReplica(primary); after(() => standby.dispose());
 */
export async function startPgReplica(
  primary: PgInstance,
  options: PgInstanceOptions = {},
): Promise<PgReplica> {
  return launch('replica', options, { FAULTLINE_PG_PRIMARY_PORT: String(primary.port) });
}
