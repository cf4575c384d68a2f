/**
 * GET /metrics, closed by default. `CollectorOptions.metrics`:
 * - `{ token }`: served on the main port to `Authorization: Bearer <token>` only;
 * - `{ port, host? }`: served without a token on a listener of its own (host default 127.0.0.1),
 *   which a firewall or a private network protects (Prometheus' usual way);
 * - neither: the main port answers 404, as for any unknown path.
 * Both may be given: a token on the main port, and the separate listener open.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError, methodNotAllowed, unauthorized } from '@faultline/core';
import type { Registry } from 'prom-client';
import { bearerToken } from '../api/auth.js';
import { sameSecret } from '../api/session-store.js';
import { MAX_TOKEN_LENGTH } from '../limits.js';

/**
 * Who may read /metrics; see the module comment.
 * @example startCollector({ store, metrics: { token: process.env.FAULTLINE_METRICS_TOKEN, port: 9464 } })
 */
export interface MetricsOptions {
  /** Bearer token for /metrics on the main port (16-128 characters of [A-Za-z0-9._~+/-]). */
  token?: string;
  /** Address of the separate metrics listener (default 127.0.0.1); needs `port`. */
  host?: string;
  /** Port of the separate metrics listener (0: any free port, see RunningCollector.metricsUrl). */
  port?: number;
}

/** Shorter tokens are guessable; the bearer syntax is RFC 6750's token68. */
const TOKEN = /^[A-Za-z0-9._~+/-]{16,}$/;

/**
 * Throws a ConfigError for options that would not do what they say.
 * @example checkMetricsOptions({ token: process.env.FAULTLINE_METRICS_TOKEN })
 */
export function checkMetricsOptions(options: MetricsOptions): void {
  const { token, host, port } = options;
  if (token !== undefined && !(TOKEN.test(token) && token.length <= MAX_TOKEN_LENGTH))
    throw new ConfigError(
      `metrics.token must be 16-${MAX_TOKEN_LENGTH} characters of A-Z a-z 0-9 . _ ~ + / -`,
    );
  if (host !== undefined && port === undefined)
    throw new ConfigError('metrics.host needs metrics.port (the separate metrics listener)');
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535))
    throw new ConfigError(`metrics.port must be a port number, got ${port}`);
}

/** Answers one /metrics request (auth already decided by the caller's choice of `token`). */
export type MetricsRoute = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * @param token required as a bearer token; undefined: open (the separate listener)
 * @example const route = createMetricsRoute(metrics.registry, options.metrics?.token)
 */
export function createMetricsRoute(registry: Registry, token: string | undefined): MetricsRoute {
  return async (req, res) => {
    if (token !== undefined) {
      const given = bearerToken(req);
      if (given === undefined || !sameSecret(given, token))
        throw unauthorized('send Authorization: Bearer <metrics token>', {
          headers: { 'www-authenticate': 'Bearer' },
        });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw methodNotAllowed(undefined, { headers: { allow: 'GET, HEAD' } });
    const text = await registry.metrics();
    res.writeHead(200, {
      'content-type': registry.contentType,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
}
