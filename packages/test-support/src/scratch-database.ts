/**
 * A database of a test's own on a shared PostgreSQL server (CREATE DATABASE, then DROP … WITH
 * (FORCE)): for tests whose collectors run in other processes and migrate the default schema,
 * so they cannot share a schema with anyone else.
 */

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  /** The server's URL with this database's name. */
  url: string;
  /** Drops it, with whatever connections are still open to it. */
  drop(): Promise<void>;
}

/**
 * Creates `<prefix>_<random>` on the server of `serverUrl`.
 * @example const db = await createScratchDatabase(postgresUrl()!, 'faultline_race'); after(() => db.drop());
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: url.href,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
