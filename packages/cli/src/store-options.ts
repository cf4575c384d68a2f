/**
 * Where the store is: the options `serve` and every `user` command share, so the users a
 * command adds are the ones the collector on the same flags logs in.
 */

import { option } from './option-table.js';
import { readPostgresUrl, readText } from './option-values.js';

/** `--data` when neither the flag nor FAULTLINE_DATA is set (relative to the working directory).
 * @example DEFAULT_DATA_DIR // '.faultline' */
export const DEFAULT_DATA_DIR = '.faultline';

/** The store a command opens: SQLite in `data`, unless `db` names a PostgreSQL database. */
export interface StoreSettings {
  data: string;
  db: string | undefined;
  /** `serve --db-listen`: where the change listener connects instead of `db`. */
  dbListen?: string;
}

/**
 * A fresh settings object with the defaults.
 * @example const settings = defaultStoreSettings(); // { data: '.faultline', db: undefined }
 */
export function defaultStoreSettings(): StoreSettings {
  return { data: DEFAULT_DATA_DIR, db: undefined };
}

const GROUP = 'Store';

/**
 * `--data` and `--db`, shared by `serve` and the `user` commands.
 * @example parseOptions(STORE_OPTIONS, ['--data', '/srv/faultline'], {}, defaultStoreSettings()).settings.data // '/srv/faultline'
 */
export const STORE_OPTIONS = [
  option<StoreSettings, string>({
    name: 'data',
    value: 'DIR',
    group: GROUP,
    help: 'the folder of the SQLite database (created on first start; WAL, synchronous=FULL).',
    shownDefault: `./${DEFAULT_DATA_DIR}`,
    read: readText,
    apply: (s, v) => {
      s.data = v;
    },
  }),
  option<StoreSettings, string>({
    name: 'db',
    value: 'URL',
    group: GROUP,
    help: 'a PostgreSQL database (postgres://user:password@host/db) instead of SQLite; several collectors may share one. List the primary and its standbys (host1:5432,host2:5432) to follow a failover.',
    read: readPostgresUrl,
    apply: (s, v) => {
      s.db = v;
    },
  }),
];
