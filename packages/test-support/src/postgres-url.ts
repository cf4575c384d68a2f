/**
 * The shared PostgreSQL the tests use: FAULTLINE_TEST_PG_URL (`scripts/postgres.sh start`
 * prints one; `.ci/run` starts it). Without it a PostgreSQL test fails under CI=true, so CI can
 * never pass by skipping it, and is skipped with the reason elsewhere.
 */

import { it } from 'node:test';

const REASON =
  'FAULTLINE_TEST_PG_URL is not set; run `scripts/postgres.sh start` and export the URL it prints';

/**
 * The URL, or undefined when none is set.
 * @example const url = postgresUrl(); if (url === undefined) registerPostgresMissing('PostgreSQL store contract');
 */
export function postgresUrl(): string | undefined {
  const url = process.env.FAULTLINE_TEST_PG_URL;
  return url === undefined || url === '' ? undefined : url;
}

/**
 * Registers the test `name` that stands for the PostgreSQL tests that cannot run: failing under
 * CI=true, skipped with the reason elsewhere.
 * @example if (postgresUrl() === undefined) registerPostgresMissing('PostgreSQL store contract');
 */
export function registerPostgresMissing(name: string): void {
  if (process.env.CI === 'true')
    it(name, () => {
      throw new Error(`${REASON} (required when CI=true)`);
    });
  else it(name, { skip: REASON }, () => {});
}
