/**
 * Last-resort handlers for errors no request owns. After an uncaught exception the
 * process is in an unknown state (Node's docs: "it is not safe to resume normal
 * operation"), so it is logged, then shut down gracefully: stop accepting, let in-flight
 * requests finish up to a deadline, exit non-zero so the supervisor restarts it.
 */

import type { Server } from 'node:http';
import type { Faultline } from './create-faultline.js';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from './limits.js';

export interface ProcessGuardOptions {
  /** The server to drain before exiting. Without it the process exits right after logging. */
  server?: Pick<Server, 'close'> & Partial<Pick<Server, 'closeIdleConnections' | 'closeAllConnections'>>;
  /** How long in-flight requests may take to finish. Default DEFAULT_SHUTDOWN_TIMEOUT_MS. */
  shutdownTimeoutMs?: number;
  /** Exit code after a crash. Default 1. */
  exitCode?: number;
  /** For tests: what "exit" means. Default process.exit. */
  exit?: (code: number) => void;
}

type Kind = 'uncaughtException' | 'unhandledRejection';

/**
 * @returns a function that removes the guards.
 * @example
 * const server = http.createServer(handler).listen(3000);
 * installProcessGuards(faultline, { server });
 */
export function installProcessGuards(faultline: Faultline, options: ProcessGuardOptions = {}): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const exitCode = options.exitCode ?? 1;
  const timeout = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let shuttingDown = false;

  const log = (kind: Kind, error: unknown) => {
    const { settings } = faultline;
    const entry = {
      kind,
      error: settings.serializeError(error, true),
      service: settings.service,
      release: settings.release,
      environment: settings.environment,
    };
    try {
      (settings.logger.fatal ?? settings.logger.error).call(settings.logger, entry, `${kind}: shutting down`);
    } catch {
      // nothing else can be done with a broken logger
    }
  };

  const shutdown = () => {
    if (shuttingDown) return;
    shuttingDown = true;
    const { server } = options;
    if (!server) {
      exit(exitCode);
      return;
    }
    const timer = setTimeout(() => {
      server.closeAllConnections?.();
      exit(exitCode);
    }, timeout);
    server.close(() => {
      clearTimeout(timer);
      exit(exitCode);
    });
    // Keep-alive connections with no request in flight would hold close() open until the deadline.
    server.closeIdleConnections?.();
  };

  const onException = (error: unknown) => {
    log('uncaughtException', error);
    shutdown();
  };
  const onRejection = (reason: unknown) => {
    log('unhandledRejection', reason);
    shutdown();
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
