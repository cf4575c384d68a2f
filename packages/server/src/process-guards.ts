/**
 * Last-resort handlers for errors no request owns. After an uncaught exception the
 * process is in an unknown state (Node's docs: "it is not safe to resume normal
 * operation"), so it is logged, then shut down gracefully: stop accepting, let in-flight
 * requests finish up to a deadline, exit non-zero so the supervisor restarts it.
 * With a DSN the error is also reported, and the reporter is flushed (within the same
 * deadline) before the exit: the events that explain a crash are the ones most worth waiting for.
 */

import type { Server } from 'node:http';
import type { Faultline } from './create-faultline.js';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, REPORTER_FLUSH_TIMEOUT_MS } from './limits.js';

export interface ProcessGuardOptions {
  /** The server to drain before exiting. Without it the process exits right after logging. */
  server?: Pick<Server, 'close'> & Partial<Pick<Server, 'closeIdleConnections' | 'closeAllConnections'>>;
  /** How long in-flight requests may take to finish. Default DEFAULT_SHUTDOWN_TIMEOUT_MS. */
  shutdownTimeoutMs?: number;
  /** At most this long is spent sending queued events once requests are done (within
   * `shutdownTimeoutMs`). Default REPORTER_FLUSH_TIMEOUT_MS (2 s). */
  flushTimeoutMs?: number;
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
  const flushTimeout = options.flushTimeoutMs ?? REPORTER_FLUSH_TIMEOUT_MS;
  let shuttingDown = false;
  let exiting = false;

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
    const deadline = Date.now() + timeout;
    // The crash event has been sending since it was queued; here the reporter gets what is
    // left of the deadline (at most flushTimeout) to finish, then is closed.
    const flushThenExit = () => {
      if (exiting) return;
      exiting = true;
      const left = Math.min(flushTimeout, Math.max(0, deadline - Date.now()));
      faultline.close(left).then(
        () => exit(exitCode),
        () => exit(exitCode),
      );
    };
    const { server } = options;
    if (!server) {
      flushThenExit();
      return;
    }
    const timer = setTimeout(() => {
      server.closeAllConnections?.();
      flushThenExit();
    }, timeout);
    server.close(() => {
      clearTimeout(timer);
      flushThenExit();
    });
    // Keep-alive connections with no request in flight would hold close() open until the deadline.
    server.closeIdleConnections?.();
  };

  const onException = (error: unknown) => {
    log('uncaughtException', error);
    faultline.reportCrash(error, 'uncaughtException');
    shutdown();
  };
  const onRejection = (reason: unknown) => {
    log('unhandledRejection', reason);
    faultline.reportCrash(reason, 'unhandledRejection');
    shutdown();
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
