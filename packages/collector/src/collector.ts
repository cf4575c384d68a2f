/**
 * The collector process: one node:http server with ingestion (Sentry endpoints, DSN keys),
 * the read API (bearer tokens or the dashboard's session cookie), /health, /metrics (closed
 * unless configured), the dashboard's static files at `/`, the retention job, the alert delivery
 * worker and the rate rules' evaluator, over one Store. Every store call goes through an
 * observer (ops/), so each store failure is counted, logged once per episode and shown on
 * /health and /metrics.
 */

import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { badRequest, forbidden, methodNotAllowed, notFound, unauthorized } from '@faultline/core';
import { type AlertOptions, deliveryDeps } from './alerts/alert-options.js';
import { type DeliveryWorker, startDeliveryWorker } from './alerts/deliver/delivery-worker.js';
import { type RateEvaluator, startRateEvaluator } from './alerts/rates/rate-evaluator.js';
import { requireScope } from './api/access.js';
import { createAuthenticator, createTokenVerifier } from './api/auth.js';
import { createLoginThrottle } from './api/login-throttle.js';
import { createPasswordLogin } from './api/passwords.js';
import { noteCaller } from './api/request-caller.js';
import { requireRouteProject } from './api/route-project.js';
import { apiRouter } from './api/routes.js';
import { login, passesCsrf, SESSION_PATH, type SessionDeps, sessionRoute } from './api/session-routes.js';
import { createSessionStore } from './api/session-store.js';
import { createStaticHandler, defaultDashboardDir } from './dashboard/index.js';
import { createCommit } from './digest/index.js';
import { sendProblem, storeUnavailable, toApiError } from './http/api-problem.js';
import { clientAddress, type TrustProxy } from './http/client-address.js';
import { createIngestHandler, type IngestOptions } from './ingest/index.js';
import { startCollectorJobs } from './jobs/collector-jobs.js';
import { DEFAULT_STORE_RETRY_AFTER_S, RATE_ALERT_INTERVAL_MS } from './limits.js';
import { createCollectorMetrics } from './ops/collector-metrics.js';
import { createHealthRoute } from './ops/health-check.js';
import { watchIngestOutcomes } from './ops/ingest-outcomes.js';
import { checkMetricsOptions, createMetricsRoute, type MetricsOptions } from './ops/metrics-route.js';
import { observeStore } from './ops/observe-store.js';
import { type OpsListener, startOpsListener } from './ops/ops-listener.js';
import { RetryAfterResponse } from './ops/retry-after-response.js';
import { StoreHealth } from './ops/store-health.js';
import { timeCommits } from './ops/timed-commit.js';
import { createSentryApi, SENTRY_API_PREFIX, sentryError } from './sentry-api/sentry-api.js';
import { SourceMapCache } from './sourcemaps/source-map-cache.js';
import { sourceMapReads } from './sourcemaps/source-map-reads.js';
import { createSymbolicator } from './sourcemaps/symbolicate.js';
import type { Store } from './store/index.js';
import { notifyKeyChanges } from './store/key-changes.js';
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
  /** Where operational messages go: errors of the API itself, and one line when a store failure
   * episode starts and one when it ends (ops/store-health.ts). Default stderr. */
  log?: (message: string, error?: unknown) => void;
  /** The built dashboard (Vite's output folder); default: @faultline/dashboard's dist/web. */
  dashboardDir?: string;
  /** Secure attribute of the session cookie; default: set when X-Forwarded-Proto is https. */
  secureCookies?: boolean;
  /** Which client address the login throttle counts (http/client-address.ts): false (default) the
   * socket's peer; behind reverse proxies that append to X-Forwarded-For, true (one) or their
   * number, so the client's address is read from the header. */
  trustProxy?: TrustProxy;
  /** Who may read GET /metrics: a bearer `token` on this port, and/or a separate listener on
   * `host`:`port` without a token; neither (the default): 404. See ops/metrics-route.ts. */
  metrics?: MetricsOptions;
  /** Alert delivery: the SMTP relay, the dashboard's URL in notifications, the SSRF allow list
   * (src/alerts/alert-options.ts). The delivery worker runs whatever is given. */
  alerts?: AlertOptions;
}

export interface RunningCollector {
  url: string;
  server: http.Server;
  /** The separate metrics listener (`metrics.port`), e.g. http://127.0.0.1:9464; else undefined. */
  metricsUrl?: string;
  /** Stop accepting, commit what is pending, close the store. */
  close(): Promise<void>;
}

/**
 * @example
 * const store = createSqliteStore({ dataDir: '.faultline' });
 * await store.migrate();
 * const collector = await startCollector({ store, port: 8000 });
 */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  checkMetricsOptions(options.metrics ?? {});
  const health = new StoreHealth({ log, onFailure: (kind, lane) => metrics.storeFailed(kind, lane) });
  const store = observeStore(options.store, health);
  // Started once the address (the links' default) is known; a commit before that wakes nothing,
  // and the worker's first pass finds what it wrote.
  let delivery: DeliveryWorker | undefined;
  // The login throttle and the client-address inbound filter see the same address.
  const addressOf = clientAddress(options.trustProxy);
  const ingest = createIngestHandler(
    {
      findKey: (k) => store.findKey(k),
      projectExists: (id) => store.projectExists(id),
      symbolicate: createSymbolicator(new SourceMapCache(sourceMapReads(store))),
      clientAddress: addressOf,
      commit: timeCommits(
        createCommit(store, { onCommitted: (result) => result.alertNotifications > 0 && delivery?.wake() }),
        (seconds, ok) => metrics.commitSettled(seconds, ok),
      ),
    },
    { log, ...options.ingest },
  );
  // Another collector's (or the CLI's) change to keys or project settings applies here at once.
  const changes = store.watchChanges((table) => {
    if (table === '*' || table === 'projects' || table === 'project_keys') ingest.forgetKeys();
  });
  const metrics = createCollectorMetrics({
    ingestStats: () => ingest.stats(),
    storeProblems: () => health.problems(),
  });
  const stopWatching = watchIngestOutcomes((outcome) => metrics.ingestOutcome(outcome));
  const healthRoute = createHealthRoute(store, health);
  const healthOnly = (_req: IncomingMessage, res: ServerResponse) => healthRoute(res);
  const metricsToken = options.metrics?.token;
  const metricsRoute =
    metricsToken === undefined ? undefined : createMetricsRoute(metrics.registry, metricsToken);
  const verify = createTokenVerifier(store, options.adminToken);
  const sentryApi = createSentryApi({ store, verify });
  const sessionDeps: SessionDeps = {
    verify,
    passwordLogin: createPasswordLogin(store),
    sessions: createSessionStore(store, options.adminToken ? { adminToken: options.adminToken } : {}),
    throttle: createLoginThrottle(store),
    clientAddress: addressOf,
    ...(options.secureCookies === undefined ? {} : { secureCookies: options.secureCookies }),
  };
  const authenticate = createAuthenticator(verify, sessionDeps.sessions);
  const dashboard = createStaticHandler(options.dashboardDir ?? defaultDashboardDir());
  let publicUrl = new URL(options.publicUrl ?? `http://${host}:${options.port ?? 0}`);
  // Read before listening, so a wrong alert option fails the start with nothing to undo.
  const alertDeps = deliveryDeps(store, options.alerts ?? {}, {
    publicUrl,
    log,
    isStoreFailure: (error) => health.isFailure(error),
  });
  const alertApi = { delivery: alertDeps, wake: () => delivery?.wake() };
  const apiStore = notifyKeyChanges(store, () => ingest.forgetKeys());
  let router = apiRouter(apiStore, publicUrl, alertApi);

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname === SESSION_PATH && req.method === 'POST') return login(req, res, sessionDeps);
    const caller = await authenticate(req);
    if (!caller)
      throw unauthorized('send Authorization: Bearer <token>', { headers: { 'www-authenticate': 'Bearer' } });
    if (!passesCsrf(req, caller))
      throw forbidden('a change made with the session cookie needs X-Faultline-CSRF');
    if (url.pathname === SESSION_PATH) return sessionRoute(req, res, caller, sessionDeps);
    noteCaller(req, caller);
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match === 'method') throw methodNotAllowed();
    if (!match) throw notFound(`no API route ${url.pathname}`);
    requireScope(caller.access, match.scope);
    await requireRouteProject(caller.access, match.pattern, match.params, url, store);
    await match.handler(req, res, match.params, url);
  };

  const server = http.createServer({ ServerResponse: RetryAfterResponse }, (req, res) => {
    if (ingest.tryHandle(req, res)) return;
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://collector.invalid');
    } catch {
      return sendProblem(res, badRequest('malformed URL'));
    }
    // /metrics without a token is not served here (404, not the dashboard's index.html).
    if (url.pathname === '/metrics' && metricsRoute === undefined) return sendProblem(res, notFound());
    const sentry = url.pathname.startsWith(SENTRY_API_PREFIX);
    if (url.pathname.startsWith('/api/') && !url.pathname.startsWith('/api/v1/') && !sentry)
      return sendProblem(res, notFound());
    const handle =
      url.pathname === '/health'
        ? healthOnly
        : url.pathname === '/metrics' && metricsRoute
          ? metricsRoute
          : url.pathname.startsWith('/api/v1/')
            ? api
            : sentry
              ? sentryApi
              : dashboard;
    handle(req, res, url).catch((error: unknown) => {
      // A failed store call was logged once for its episode by StoreHealth; the rest are ours.
      const storeFailed = health.isFailure(error);
      const answer =
        storeFailed && !isStoreUnavailable(error)
          ? storeUnavailable(DEFAULT_STORE_RETRY_AFTER_S, error)
          : toApiError(error);
      if (answer.status >= 500 && !storeFailed) log(`${req.method} ${url.pathname} failed`, error);
      sendProblem(res, answer, sentry ? sentryError : undefined);
    });
  });
  let ops: OpsListener | undefined;
  try {
    server.listen(options.port ?? 0, host);
    await once(server, 'listening');
    const opsPort = options.metrics?.port;
    if (opsPort !== undefined) {
      const routes = { '/metrics': createMetricsRoute(metrics.registry, undefined), '/health': healthOnly };
      ops = await startOpsListener(options.metrics?.host ?? '127.0.0.1', opsPort, routes, log);
    }
  } catch (error) {
    stopWatching();
    await changes.close();
    server.close();
    await ingest.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  if (!options.publicUrl) {
    publicUrl = new URL(`http://${host}:${port}`);
    router = apiRouter(apiStore, publicUrl, alertApi);
  }
  if (options.alerts?.publicUrl === undefined) alertDeps.publicUrl = publicUrl;
  delivery = startDeliveryWorker(alertDeps);
  const rates: RateEvaluator = startRateEvaluator({
    store,
    intervalMs: options.alerts?.rateIntervalMs ?? RATE_ALERT_INTERVAL_MS,
    now: alertDeps.now,
    log,
    isStoreFailure: (error) => health.isFailure(error),
    onNotified: () => delivery?.wake(),
  });

  // Once per interval across collectors, each under its lease (jobs/collector-jobs.ts).
  const jobs = startCollectorJobs({
    store,
    retention: options.retention ?? {},
    now: Date.now,
    log,
    isStoreFailure: (error) => health.isFailure(error),
  });

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    server,
    ...(ops ? { metricsUrl: ops.url } : {}),
    close() {
      closing ??= (async () => {
        const jobsStopped = jobs.close();
        const stopped = new Promise((resolve) => server.close(resolve));
        server.closeIdleConnections();
        const opsStopped = ops?.close();
        await ingest.close();
        // After ingest's last commit and the last rate pass, whose notifications stay in the
        // outbox for the next start.
        await rates.close();
        await delivery?.close();
        await jobsStopped;
        await stopped;
        await opsStopped;
        stopWatching();
        await changes.close();
        await store.close();
      })();
      return closing;
    },
  };
}
