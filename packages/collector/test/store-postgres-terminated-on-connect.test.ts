/**
 * A PostgreSQL restart crashed a collector now and then (an unhandled 'error' of a pg Client:
 * "terminating connection due to administrator command"). The window: a new pooled connection's
 * ReadyForQuery and the server's 57P01 arrive in one TCP read. pg parses both at once; the pool
 * hands the client out on the first, with its own error listener already removed, and the
 * transaction runner's listener is only attached after the promise settles, so the second found
 * no listener. Here a real server terminates the backend while a relay holds its ReadyForQuery
 * back, then delivers both together: the transaction must fail as unavailable, the process must
 * not crash, and the pool must serve the next one.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { type PgInstance, startPgInstance } from '@faultline/test-support';
import pg from 'pg';
import { createPgPool } from '../src/store/postgres/pg-pool.js';
import { pgTransactionRunner } from '../src/store/postgres/pg-transaction.js';
import { isStoreUnavailable } from '../src/store/store-errors.js';

/** A message of the backend protocol: type byte, then a length that counts itself. */
const HEADER_BYTES = 5;
const BACKEND_KEY_DATA = 0x4b; // 'K'
const READY_FOR_QUERY = 0x5a; // 'Z'

/**
 * A TCP relay to PostgreSQL that, on each connection it is told to trap, forwards the startup
 * exchange up to (not including) ReadyForQuery, reports the backend's pid, and holds the rest
 * until the server closes the connection, then sends all of it in one write.
 */
async function startTrappingRelay(target: { host: string; port: number }) {
  let trapNext = false;
  const trapped: ((pid: number) => void)[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    client.pipe(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    if (!trapNext) {
      upstream.pipe(client);
      return;
    }
    trapNext = false;
    let pending = Buffer.alloc(0);
    let held: Buffer | undefined;
    let pid = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (held !== undefined) {
        held = Buffer.concat([held, chunk]);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      let at = 0;
      while (pending.length - at >= HEADER_BYTES) {
        const type = pending[at];
        const length = pending.readInt32BE(at + 1);
        if (pending.length - at < 1 + length) break;
        if (type === BACKEND_KEY_DATA) pid = pending.readInt32BE(at + HEADER_BYTES);
        if (type === READY_FOR_QUERY) {
          client.write(pending.subarray(0, at));
          held = pending.subarray(at);
          trapped.shift()?.(pid);
          return;
        }
        at += 1 + length;
      }
    });
    upstream.on('close', () => {
      if (held !== undefined) client.end(held);
      else client.end(pending);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    /** The next connection is trapped; resolves with its backend's pid once it is ready. */
    trapNext(): Promise<number> {
      trapNext = true;
      return new Promise((resolve) => trapped.push(resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let instance: PgInstance;
let relay: Awaited<ReturnType<typeof startTrappingRelay>>;
let admin: pg.Client;

before(async () => {
  instance = await startPgInstance();
  const url = new URL(instance.url);
  relay = await startTrappingRelay({ host: url.hostname, port: Number(url.port) });
  admin = new pg.Client({ connectionString: instance.url });
  await admin.connect();
});
after(async () => {
  await admin?.end();
  await relay?.close();
  await instance?.dispose();
});

test('a new connection terminated as it becomes ready fails the transaction as unavailable, without crashing', async () => {
  const url = new URL(instance.url);
  url.port = String(relay.port);
  const pool = createPgPool({ connectionString: url.href, max: 2 });
  const transaction = pgTransactionRunner(pool);
  try {
    const ready = relay.trapNext();
    const attempt = transaction((exec) => exec.all('SELECT 1 AS one'));
    const pid = await ready;
    const { rows } = await admin.query<{ done: boolean }>('SELECT pg_terminate_backend($1) AS done', [pid]);
    assert.equal(rows[0]?.done, true, 'the server terminated the trapped backend');

    const error = await attempt.then(
      () => assert.fail('a transaction on a terminated connection succeeded'),
      (e: unknown) => e,
    );
    assert.ok(isStoreUnavailable(error), `a StoreUnavailableError, not ${String(error)}`);
    assert.equal(error.kind, 'connection', error.message);
    // The dead client left the pool, and the next transaction gets a live one.
    assert.deepEqual(await transaction((exec) => exec.all('SELECT 1 AS one')), [{ one: 1 }]);
  } finally {
    await pool.end();
  }
});
