/** A numbered schema migration: DDL text applied once, in order, recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
