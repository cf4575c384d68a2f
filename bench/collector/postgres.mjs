// PostgreSQL for (c) on PostgreSQL: reuse the server `scripts/postgres.sh` manages if it already
// runs, else start it and remember to stop it at the end (only then). Each collector gets a
// fresh schema, dropped at the end.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

const script = new URL('../../scripts/postgres.sh', import.meta.url).pathname;
const defaultUrl = `postgres://postgres@127.0.0.1:${process.env.FAULTLINE_PG_PORT ?? 54329}/postgres`;

async function reachable(connectionString) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * @example const pgServer = await startPostgres(); const schema = pgServer.schema('c5k');
 * … await pgServer.done();
 */
export async function startPostgres() {
  const wasRunning = await reachable(defaultUrl);
  const url = wasRunning ? defaultUrl : execFileSync(script, ['start'], { encoding: 'utf8' }).trim();
  const schemas = [];
  return {
    url,
    wasRunning,
    /** A new schema name (createPostgresStore creates it in migrate()). */
    schema(tag) {
      const name = `bench_collector_${process.pid}_${tag}`;
      schemas.push(name);
      return name;
    },
    /** Drops the bench's schemas; stops the server only if this run started it. */
    async done() {
      if (wasRunning) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        await client.end();
      } else execFileSync(script, ['stop'], { stdio: 'ignore' });
    },
  };
}
