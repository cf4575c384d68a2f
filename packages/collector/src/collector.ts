/**
 * The collector process: one node:http server with ingestion (Sentry endpoints, DSN keys),
 * the read API (bearer tokens or the dashboard's session cookie), a health route, the
 * dashboard's static files at `/`, and the retention job, over one Store.
 */

import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { isFaultlineError, LimitExceededError } from '@faultline/core';
import { createAuthenticator, createTokenVerifier } from './api/auth.js';
import { createLoginThrottle } from './api/login-throttle.js';
import { createPasswordLogin } from './api/passwords.js';
import { BadRequest } from './api/query-params.js';
import { apiRouter, NotFound } from './api/routes.js';
import { allRechecks } from './api/session-recheck.js';
import { login, passesCsrf, SESSION_PATH, type SessionDeps, sessionRoute } from './api/session-routes.js';
import { createSessionStore } from './api/session-store.js';
import { createTokenRecheck } from './api/session-token.js';
import { createUserRecheck } from './api/session-user.js';
import { createStaticHandler, defaultDashboardDir } from './dashboard/index.js';
import { createCommit } from './digest/index.js';
import { clientAddress, type TrustProxy } from './http/client-address.js';
import { sendJson, sendProblem } from './http/json.js';
import { createIngestHandler, type IngestOptions } from './ingest/index.js';
import { DEFAULT_MAX_EVENTS_PER_ISSUE, DEFAULT_RETENTION_DAYS, RETENTION_INTERVAL_MS } from './limits-api.js';
import type { Store } from './store/index.js';
import { isStoreUnavailable } from './store/store-errors.js';

export interface CollectorOptions {
  store: Store;
  host?: string;
  port?: number;
  /** Accepted as a bearer token besides the store's API tokens (FAULTLINE_ADMIN_TOKEN). */
  adminToken?: string;
  /** The base URL written into DSNs; defaults to http://host:port. */
  publicUrl?: string;
  ingest?: Partial<IngestOptions>;
  retention?: { days?: number; maxEventsPerIssue?: number; intervalMs?: number };
  /** Where operational messages go (errors of the API itself). Default stderr. */
  log?: (message: string, error?: unknown) => void;
  /** The built dashboard (Vite's output folder); default: @faultline/dashboard's dist/web. */
  dashboardDir?: string;
  /** Secure attribute of the session cookie; default: set when X-Forwarded-Proto is https. */
  secureCookies?: boolean;
  /** How often a password session re-reads its user (removed? new password?); default
   * USER_RECHECK_MS. */
  userRecheckMs?: number;
  /** How often a session made with an API token re-reads it (deleted?); default TOKEN_RECHECK_MS. */
  tokenRecheckMs?: number;
  /** Which client address the login throttle counts (http/client-address.ts): false (default) the
   * socket's peer; behind reverse proxies that append to X-Forwarded-For, true (one) or their
   * number, so the client's address is read from the header. */
  trustProxy?: TrustProxy;
}

export interface RunningCollector {
  url: string;
  server: http.Server;
  /** Stop accepting, commit what is pending, close the store. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60_000;

function statusOf(error: unknown): [number, string] {
  if (isStoreUnavailable(error)) return [503, 'the store is unavailable; try again later'];
  if (error instanceof BadRequest) return [400, error.message];
  if (error instanceof NotFound) return [404, error.message];
  if (error instanceof LimitExceededError) return [413, error.message];
  if (isFaultlineError(error) && error.code === 'FL_PARSE') return [400, error.message];
  return [500, 'the collector failed to answer; see its log'];
}

/**
 * @example
 * const store = createSqliteStore({ dataDir: '.faultline' });
 * await store.migrate();
 * const collector = await startCollector({ store, port: 8000 });
 */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const { store } = options;
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  const ingest = createIngestHandler(
    {
      findKey: (k) => store.findKey(k),
      projectExists: (id) => store.projectExists(id),
      commit: createCommit(store),
    },
    options.ingest,
  );
  const verify = createTokenVerifier(store, options.adminToken);
  const sessionDeps: SessionDeps = {
    verify,
    passwordLogin: createPasswordLogin(store),
    users: store,
    sessions: createSessionStore(),
    throttle: createLoginThrottle(),
    clientAddress: clientAddress(options.trustProxy),
    ...(options.secureCookies === undefined ? {} : { secureCookies: options.secureCookies }),
  };
  const authenticate = createAuthenticator(
    verify,
    sessionDeps.sessions,
    allRechecks(
      createUserRecheck(store, options.userRecheckMs),
      createTokenRecheck(store, options.tokenRecheckMs),
    ),
  );
  const dashboard = createStaticHandler(options.dashboardDir ?? defaultDashboardDir());
  let publicUrl = new URL(options.publicUrl ?? `http://${host}:${options.port ?? 0}`);
  let router = apiRouter(store, publicUrl);

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname === SESSION_PATH && req.method === 'POST') return login(req, res, sessionDeps);
    const caller = await authenticate(req);
    if (!caller) {
      res.setHeader('www-authenticate', 'Bearer');
      return sendProblem(res, 401, 'Unauthorized', 'send Authorization: Bearer <token>');
    }
    if (!passesCsrf(req, caller))
      return sendProblem(
        res,
        403,
        'Forbidden',
        'a change made with the session cookie needs X-Faultline-CSRF',
      );
    if (url.pathname === SESSION_PATH) return sessionRoute(req, res, caller, sessionDeps);
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match === 'method') return sendProblem(res, 405, 'Method Not Allowed');
    if (!match) return sendProblem(res, 404, 'Not Found', `no API route ${url.pathname}`);
    await match.handler(req, res, match.params, url);
  };

  const server = http.createServer((req, res) => {
    if (ingest.tryHandle(req, res)) return;
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://collector.invalid');
    } catch {
      return sendProblem(res, 400, 'Bad Request', 'malformed URL');
    }
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname.startsWith('/api/') && !url.pathname.startsWith('/api/v1/'))
      return sendProblem(res, 404, 'Not Found');
    const handle = url.pathname.startsWith('/api/v1/') ? api : dashboard;
    handle(req, res, url).catch((error: unknown) => {
      const [status, detail] = statusOf(error);
      if (status >= 500) log(`${req.method} ${url.pathname} failed`, error);
      if (res.headersSent) return res.destroy();
      if (isStoreUnavailable(error)) {
        res.setHeader('retry-after', String(error.retryAfterS));
        return sendProblem(res, status, 'Service Unavailable', detail);
      }
      sendProblem(res, status, status >= 500 ? 'Internal Server Error' : 'Request Failed', detail);
    });
  });
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  if (!options.publicUrl) {
    publicUrl = new URL(`http://${host}:${port}`);
    router = apiRouter(store, publicUrl);
  }

  const retention = options.retention ?? {};
  const timer = setInterval(() => {
    const days = retention.days ?? DEFAULT_RETENTION_DAYS;
    store
      .deleteEvents({
        olderThan: Date.now() - days * DAY_MS,
        maxPerIssue: retention.maxEventsPerIssue ?? DEFAULT_MAX_EVENTS_PER_ISSUE,
      })
      .catch((error: unknown) => log('retention failed', error));
  }, retention.intervalMs ?? RETENTION_INTERVAL_MS);
  timer.unref();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    server,
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        const stopped = new Promise((resolve) => server.close(resolve));
        server.closeIdleConnections();
        await ingest.close();
        await stopped;
        await store.close();
      })();
      return closing;
    },
  };
}
