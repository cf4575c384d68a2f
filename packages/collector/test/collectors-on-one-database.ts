/**
 * Collectors behind a load balancer, for the tests of what they must share: `faultline serve`
 * processes on one PostgreSQL database of the test's own (test-support's scratch database and
 * serve children), their base URLs, and statements on that database. The test starts them (in
 * its `before`, before what needs them); they are killed and the database dropped in `after`.
 */

import { after } from 'node:test';
import {
  createScratchDatabase,
  killServeChildren,
  type ScratchDatabase,
  type ServeChild,
  serveUrl,
  startServeChildren,
} from '@faultline/test-support';
import pg from 'pg';

export interface CollectorsOnOneDatabase {
  /** Makes the database and starts the collectors; the fields below are set once it resolves. */
  start(): Promise<void>;
  /** The database's URL (for a CLI command or a store of the test's own). */
  dbUrl: string;
  /** Each collector's base URL. */
  urls: string[];
  /** Rows of a statement on the database. */
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
}

/**
 * @example const cluster = useCollectorsOnOneDatabase(postgresUrl()!, 2); before(() => cluster.start());
 */
export function useCollectorsOnOneDatabase(
  serverUrl: string,
  count: number,
  options: { args?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): CollectorsOnOneDatabase {
  let database: ScratchDatabase | undefined;
  let children: ServeChild[] = [];
  let client: pg.Client | undefined;
  const view: CollectorsOnOneDatabase = {
    async start() {
      database = await createScratchDatabase(serverUrl, 'faultline_shared');
      children = await startServeChildren(count, database.url, options);
      client = new pg.Client({ connectionString: database.url });
      await client.connect();
      view.dbUrl = database.url;
      view.urls = children.map(serveUrl);
    },
    dbUrl: '',
    urls: [],
    query: async (sql, params = []) => {
      if (client === undefined) throw new Error('the collectors have not started');
      return (await client.query(sql, params)).rows;
    },
  };
  after(async () => {
    killServeChildren(children);
    await client?.end();
    await database?.drop();
  });
  return view;
}
