/**
 * The repository's Express example (`examples/express/app.mjs`, the app `npm run example`
 * starts) in the test process, with Faultline's middleware reporting to a collector's DSN: its
 * 500s arrive as real middleware events, with the request as the server saw it.
 */

import { readFileSync } from 'node:fs';
import { createFaultline, type Faultline, type Logger } from '@faultline/server';

/** The repository root, from dist/test/support/. */
export const REPO_ROOT = new URL('../../../../../', import.meta.url);

export const EXAMPLE_SERVICE = 'shop-api';
export const EXAMPLE_RELEASE = 'shop-api@1.0.0';

/** The example's failures, for the context lines the reporter reads from disk. */
export const FAILURES_FILE = new URL('examples/shared/failures.mjs', REPO_ROOT);

export interface ExampleApp {
  url: string;
  faultline: Faultline;
  /** The log lines Faultline wrote (instead of stdout). */
  logs: object[];
  close(): Promise<void>;
}

interface ExampleModule {
  start(faultline: Faultline, options: { port: number }): Promise<{ url: string; close(): Promise<unknown> }>;
}

export async function startExampleApp(dsn: string): Promise<ExampleApp> {
  const logs: object[] = [];
  const keep = (obj: object) => void logs.push(obj);
  const logger: Logger = { error: keep, warn: keep, info: keep, fatal: keep };
  const faultline = createFaultline({
    dsn,
    service: EXAMPLE_SERVICE,
    release: EXAMPLE_RELEASE,
    environment: 'production',
    logger,
    // Frames under the repository are in-app, and their source lines are sent.
    reporter: { root: new URL('.', REPO_ROOT).pathname.replace(/\/$/, '') },
  });
  const app: ExampleModule = await import(new URL('examples/express/app.mjs', REPO_ROOT).href);
  const running = await app.start(faultline, { port: 0 });
  return {
    url: running.url,
    faultline,
    logs,
    async close() {
      await running.close();
      await faultline.close();
    },
  };
}

/** The one line of `file` that contains `code`, as it is on disk (indentation included). */
export function sourceLine(file: URL, code: string): string {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes(code));
  if (lines.length !== 1) throw new Error(`${file.pathname}: ${lines.length} lines contain ${code}`);
  return lines[0] as string;
}
