// The SQL the store runs for a listing, and SQLite's plan for it. The statement is captured
// from better-sqlite3 itself (a wrapper around Statement#all, installed only for one call), so
// the plan is the plan of the exact text and parameters `store.listIssues` used: no SQL is
// copied here from the store.

import Database from 'better-sqlite3';

const probe = new Database(':memory:');
const StatementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1'));
probe.close();

/**
 * Runs `fn` and returns its result with the last `SELECT … FROM issues` it ran.
 * @example const { sql, params } = await captureIssueQuery(() => store.listIssues(q))
 */
export async function captureIssueQuery(fn) {
  const original = StatementPrototype.all;
  let captured;
  StatementPrototype.all = function all(...params) {
    if (/\bFROM issues\b/.test(this.source)) captured = { sql: this.source, params };
    return original.apply(this, params);
  };
  try {
    const result = await fn();
    if (!captured) throw new Error('no issue query was run');
    return { ...captured, result };
  } finally {
    StatementPrototype.all = original;
  }
}

/**
 * EXPLAIN QUERY PLAN as indented lines, on a read-only connection of its own.
 * @example explain('/tmp/x/faultline.db', sql, params) // ['SEARCH issues USING INDEX …']
 */
export function explain(file, sql, params) {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params);
    const depth = new Map([[0, -1]]);
    return rows.map((r) => {
      const d = (depth.get(r.parent) ?? -1) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d)}${r.detail}`;
    });
  } finally {
    db.close();
  }
}

/** The SQL with its parameters inlined, for reading (not for running). */
export function inline(sql, params) {
  let i = 0;
  return sql.replace(/\?/g, () => {
    const p = params[i++];
    return typeof p === 'string' ? `'${p.replaceAll("'", "''")}'` : String(p);
  });
}
