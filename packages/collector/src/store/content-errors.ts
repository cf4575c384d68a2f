/**
 * Which store errors come from the data a transaction wrote rather than from the store's state:
 * the same rows would fail again, so retrying the whole group commit can never succeed, but the
 * group's other batches commit without them (ingest/write-queue.ts bisects to find them). The
 * reason names the engine's code only, never the message: PostgreSQL quotes values in it.
 */

import { causeChain } from '@faultline/core';

/** SQLSTATE classes of errors caused by a statement's data (PostgreSQL Appendix A). */
const PG_CONTENT_CLASSES: Readonly<Record<string, string>> = {
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '54': 'program limit exceeded',
};
/** A five-character SQLSTATE (`22021`, `23505`, `54000`); Node's own codes have letters first. */
const SQLSTATE = /^[0-9][0-9A-Z]{4}$/;
/** better-sqlite3 codes (extended ones too, `SQLITE_CONSTRAINT_NOTNULL`) caused by the data. */
const SQLITE_CONTENT = /^SQLITE_(TOOBIG|CONSTRAINT|MISMATCH)(_[A-Z]+)?$/;

function reasonOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (SQLSTATE.test(code)) {
    const kind = PG_CONTENT_CLASSES[code.slice(0, 2)];
    return kind === undefined ? undefined : `PostgreSQL SQLSTATE ${code} (${kind})`;
  }
  return SQLITE_CONTENT.test(code) ? `SQLite ${code}` : undefined;
}

/**
 * Why the store refused the data it was given (the engine and its code), or undefined when the
 * error is not about the data (the store's state, or a bug). Looks through `cause` links, so a
 * wrapped driver error counts.
 * @example contentErrorReason(pgError) // 'PostgreSQL SQLSTATE 22021 (data exception)'
 */
export function contentErrorReason(error: unknown): string | undefined {
  for (const e of causeChain(error)) {
    const reason = reasonOf(e);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
