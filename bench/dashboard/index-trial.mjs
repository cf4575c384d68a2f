// Trying store changes for the issue list without touching the store: the `issues` and
// `issue_tags` tables of the seeded folder (all the list reads) are copied with their schema
// and indexes into a scratch database, and each candidate (an index, a query rewrite, planner
// statistics) is timed there against the exact SQL `store.listIssues` runs for the bench's
// queries (captured from better-sqlite3, query-plans.mjs), checking it returns the same rows.
//
//   node bench/dashboard/index-trial.mjs             all candidates
//   ONLY=rowvalue,in-subquery node bench/dashboard/index-trial.mjs
//
// Candidates are data below; a rewrite maps the captured { sql, params } to the proposed SQL.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore, SQLITE_FILE_NAME } from '@faultline/collector';
import Database from 'better-sqlite3';
import { DEEP_OFFSET } from './config.mjs';
import { summary } from './http-latency.mjs';
import { captureIssueQuery } from './query-plans.mjs';
import { issueQuery, scenarios } from './scenarios.mjs';
import { ensureSeeded } from './seed.mjs';

const PROJECT_ID = 1;
const WALK_PAGE = 500;
/** Timed runs per query and candidate, after WARM untimed ones. */
const CALLS = Number(process.env.CALLS ?? 60);
const WARM = 5;

const KEYSET = /\((\w+) < \? OR \(\1 = \? AND (\w+) < \?\)\)/;
const HAS_TAG =
  /EXISTS \(SELECT 1 FROM issue_tags t WHERE t\.issue_id = issues\.id AND t\.key = \? AND t\.value = \?\)/;
const CONTAINS = /\(instr\(lower\(title\), lower\(\?\)\) > 0 OR instr\(lower\(culprit\), lower\(\?\)\) > 0\)/;
const questionMarksBefore = (sql, index) => (sql.slice(0, index).match(/\?/g) ?? []).length;

/** Fewer matching issue_tags rows than this: the filter is sparse, drive it from the tag index. */
const SPARSE_TAG_ROWS = 2000;
const SPARSE_PROBE = `SELECT count(*) AS n FROM (SELECT 1 FROM issue_tags WHERE key = ? AND value = ? LIMIT ${SPARSE_TAG_ROWS})`;
/** The scratch database, for candidates that look at the data to choose their SQL. */
let probeDb;

const CANDIDATES = [
  {
    name: 'rowvalue',
    what: 'keyset cursor as a row value: (col, id) < (?, ?) instead of (col < ? OR (col = ? AND id < ?))',
    rewrite({ sql, params }) {
      const m = KEYSET.exec(sql);
      if (!m) return undefined;
      const k = questionMarksBefore(sql, m.index);
      return {
        sql: sql.replace(KEYSET, `(${m[1]}, ${m[2]}) < (?, ?)`),
        params: [...params.slice(0, k + 1), ...params.slice(k + 2)],
      };
    },
  },
  {
    name: 'in-subquery',
    what: 'tag filters as id IN (SELECT issue_id FROM issue_tags WHERE key = ? AND value = ?)',
    rewrite({ sql, params }) {
      if (!HAS_TAG.test(sql)) return undefined;
      const all = new RegExp(HAS_TAG.source, 'g');
      return {
        sql: sql.replace(all, 'id IN (SELECT issue_id FROM issue_tags WHERE key = ? AND value = ?)'),
        params,
      };
    },
  },
  {
    name: 'status-index',
    what: 'CREATE INDEX issues_status_last_seen ON issues (project_id, status, last_seen, id)',
    ddl: ['CREATE INDEX issues_status_last_seen ON issues (project_id, status, last_seen, id)'],
    undo: ['DROP INDEX issues_status_last_seen'],
  },
  {
    name: 'fts-trigram',
    what: 'text search through an FTS5 trigram index of title and culprit (external content)',
    ddl: [
      "CREATE VIRTUAL TABLE issues_fts USING fts5(title, culprit, content='issues', content_rowid='id', tokenize='trigram')",
      "INSERT INTO issues_fts(issues_fts) VALUES ('rebuild')",
    ],
    undo: ['DROP TABLE issues_fts'],
    rewrite({ sql, params }) {
      const m = CONTAINS.exec(sql);
      if (!m) return undefined;
      const k = questionMarksBefore(sql, m.index);
      const text = String(params[k]);
      if (text.length < 3) return undefined; // trigram needs three characters; keep the scan
      return {
        sql: sql.replace(CONTAINS, 'id IN (SELECT rowid FROM issues_fts WHERE issues_fts MATCH ?)'),
        params: [...params.slice(0, k), `"${text.replaceAll('"', '""')}"`, ...params.slice(k + 2)],
      };
    },
  },
  {
    name: 'like',
    what: "text search as (title LIKE ? OR culprit LIKE ?) with '%text%' (ASCII case folding, as lower() does)",
    rewrite({ sql, params }) {
      const m = CONTAINS.exec(sql);
      if (!m) return undefined;
      const k = questionMarksBefore(sql, m.index);
      const pattern = `%${String(params[k]).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return {
        sql: sql.replace(CONTAINS, "(title LIKE ? ESCAPE '\\' OR culprit LIKE ? ESCAPE '\\')"),
        params: [...params.slice(0, k), pattern, pattern, ...params.slice(k + 2)],
      };
    },
  },
  {
    name: 'adaptive-tags',
    what: `per tag filter, a bounded count (LIMIT ${SPARSE_TAG_ROWS}) picks IN (sparse) or EXISTS (dense); the count is timed too`,
    rewrite({ sql, params }) {
      if (!HAS_TAG.test(sql)) return undefined;
      const all = new RegExp(HAS_TAG.source, 'g');
      const probes = [];
      const out = sql.replace(all, (match, index) => {
        const k = questionMarksBefore(sql, index);
        const pair = [params[k], params[k + 1]];
        probes.push({ sql: SPARSE_PROBE, params: pair });
        const sparse = probeDb.prepare(SPARSE_PROBE).get(...pair).n < SPARSE_TAG_ROWS;
        return sparse ? 'id IN (SELECT issue_id FROM issue_tags WHERE key = ? AND value = ?)' : match;
      });
      return { sql: out, params, probes };
    },
  },
  {
    name: 'proposed',
    what: 'status-index + rowvalue + adaptive-tags, together',
    ddl: ['CREATE INDEX issues_status_last_seen ON issues (project_id, status, last_seen, id)'],
    undo: ['DROP INDEX issues_status_last_seen'],
    rewrite: (q) => ['rowvalue', 'adaptive-tags'].reduce((acc, name) => byName(name).rewrite(acc) ?? acc, q),
  },
  {
    name: 'analyze',
    what: 'planner statistics: ANALYZE (what PRAGMA optimize runs when it finds them missing)',
    ddl: ['ANALYZE'],
    undo: ['DROP TABLE sqlite_stat1'],
  },
];

function byName(name) {
  return CANDIDATES.find((c) => c.name === name);
}

/** issues and issue_tags, schema and indexes included, into a scratch file. */
function copyListTables(source, target) {
  const db = new Database(target);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = OFF'); // the copy holds the list tables only, not projects
  db.exec(`ATTACH DATABASE '${source.replaceAll("'", "''")}' AS seed`);
  const schema = db
    .prepare(
      "SELECT type, name, sql FROM seed.sqlite_master WHERE tbl_name IN ('issues', 'issue_tags') AND sql IS NOT NULL ORDER BY type = 'index'",
    )
    .all();
  for (const { type, name, sql } of schema) {
    if (type === 'table') {
      db.exec(sql);
      db.exec(`INSERT INTO main.${name} SELECT * FROM seed.${name}`);
    } else db.exec(sql);
  }
  db.exec('DETACH DATABASE seed');
  return db;
}

function time(db, { sql, params, probes = [] }) {
  const statement = db.prepare(sql);
  const before = probes.map((p) => [db.prepare(p.sql), p.params]);
  for (let i = 0; i < WARM; i++) statement.all(...params);
  const ms = [];
  let rows;
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    for (const [probe, p] of before) probe.get(...p);
    rows = statement.all(...params);
    ms.push(performance.now() - t0);
  }
  return { ...summary(ms), ids: rows.map((r) => r.id).join(',') };
}

const plan = (db, { sql, params }) =>
  db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((r) => r.detail)
    .join(' → ');

const { dataDir, meta } = await ensureSeeded((line) => console.log(`# ${line}`));
const store = createSqliteStore({ dataDir });
let deepCursor;
for (let skipped = 0; skipped < DEEP_OFFSET; skipped += WALK_PAGE)
  deepCursor =
    (
      await store.listIssues({
        projectId: PROJECT_ID,
        status: 'unresolved',
        sort: 'lastSeen',
        limit: WALK_PAGE,
        cursor: deepCursor,
      })
    ).nextCursor ?? undefined;
const queries = [];
for (const s of scenarios(meta, deepCursor)) {
  const { sql, params } = await captureIssueQuery(() => store.listIssues(issueQuery(PROJECT_ID, s.query)));
  queries.push({ name: s.name, sql, params });
}
await store.close();

const scratch = mkdtempSync(join(tmpdir(), 'faultline-bench-dashboard-trial-'));
try {
  const t0 = performance.now();
  const db = copyListTables(join(dataDir, SQLITE_FILE_NAME), join(scratch, SQLITE_FILE_NAME));
  probeDb = db;
  console.log(
    `# copied issues and issue_tags to ${scratch} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const base = new Map(queries.map((q) => [q.name, time(db, q)]));
  console.log('\n## baseline plans\n');
  for (const q of queries) console.log(`- ${q.name}: ${plan(db, q)}`);
  const only = process.env.ONLY?.split(',');
  for (const c of CANDIDATES.filter((c) => !only || only.includes(c.name))) {
    const t1 = performance.now();
    for (const s of c.ddl ?? []) db.exec(s);
    const setup = (performance.now() - t1) / 1000;
    console.log(`\n## ${c.name}: ${c.what}${c.ddl ? ` (set up in ${setup.toFixed(1)} s)` : ''}\n`);
    console.log('| query | before p50 / p95 ms | after p50 / p95 ms | × p95 | plan after |');
    console.log('|---|---|---|---|---|');
    for (const q of queries) {
      const changed = c.rewrite ? c.rewrite(q) : q;
      if (!changed) continue;
      const before = base.get(q.name);
      const after = time(db, changed);
      if (after.ids !== before.ids) throw new Error(`${c.name} changes the rows of ${q.name}`);
      console.log(
        `| ${q.name} | ${before.p50.toFixed(2)} / ${before.p95.toFixed(2)} | ${after.p50.toFixed(2)} / ${after.p95.toFixed(2)} | ` +
          `${(before.p95 / after.p95).toFixed(1)} | ${plan(db, changed)} |`,
      );
    }
    for (const s of c.undo ?? []) db.exec(s);
  }
  db.close();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
