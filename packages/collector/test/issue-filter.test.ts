/**
 * The issue list's SQL choices, without a database: which tag filter form the bounded count
 * picks on each side of SPARSE_TAG_ISSUES, when the trigram index joins a text search, and how
 * user text is quoted for FTS5 and escaped for LIKE. (The store contract checks the rows.)
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_INDEXED_SEARCH_CHARS, SPARSE_TAG_ISSUES } from '../src/limits.js';
import { encodeCursor } from '../src/store/cursor.js';
import type { ProjectId } from '../src/store/ids.js';
import { likeContaining, POSTGRES_DIALECT } from '../src/store/postgres/postgres-executor.js';
import type { SqlExecutor } from '../src/store/sql/executor.js';
import { issueFilter } from '../src/store/sql/issue-filter.js';
import { afterCursor } from '../src/store/sql/page.js';
import { ftsPhrase, SQLITE_DIALECT } from '../src/store/sqlite/sqlite-executor.js';

/** Answers every count probe with `n` matching issue_tags rows and records the probes. */
function probing(n: Record<string, number>, dialect = SQLITE_DIALECT) {
  const probes: unknown[][] = [];
  const exec: SqlExecutor = {
    dialect,
    async get<R>(_sql: string, params: readonly unknown[] = []) {
      probes.push([...params]);
      return { n: Math.min(Number(params[2]), n[String(params[1])] ?? 0) } as R;
    },
    all: async () => [],
    run: async () => 0,
    script: async () => {},
  };
  return { exec, probes };
}

const projectId = 1 as ProjectId;
const base = { projectId, sort: 'lastSeen', limit: 50 } as const;

describe('tag filters', () => {
  it(`lists a tag on fewer than ${SPARSE_TAG_ISSUES} issues first, and checks a commoner one per row`, async () => {
    const { exec, probes } = probing({ few: SPARSE_TAG_ISSUES - 1, many: SPARSE_TAG_ISSUES });
    const { where, params } = await issueFilter(exec, {
      ...base,
      tag: [
        { key: 'route', value: 'few' },
        { key: 'route', value: 'many' },
      ],
    });
    assert.deepEqual(where, [
      'project_id = ?',
      'id IN (SELECT issue_id FROM issue_tags WHERE key = ? AND value = ?)',
      'EXISTS (SELECT 1 FROM issue_tags t WHERE t.issue_id = issues.id AND t.key = ? AND t.value = ?)',
    ]);
    assert.deepEqual(params, [projectId, 'route', 'few', 'route', 'many']);
    assert.deepEqual(probes, [
      ['route', 'few', SPARSE_TAG_ISSUES],
      ['route', 'many', SPARSE_TAG_ISSUES],
    ]);
  });

  it('probes release and environment like any tag, and nothing without tags', async () => {
    const { exec, probes } = probing({ 'api@1': 10 });
    const { where } = await issueFilter(exec, { ...base, release: 'api@1', environment: 'production' });
    assert.equal(probes.length, 2);
    assert.match(where[1]!, /^id IN/);
    assert.match(where[2]!, /^id IN/, 'an unknown value has no rows: the empty list is cheapest');
    const none = probing({});
    await issueFilter(none.exec, { ...base, status: 'unresolved', text: 'payment' });
    assert.equal(none.probes.length, 0);
  });
});

describe('text search', () => {
  const textWhere = async (text: string, dialect = SQLITE_DIALECT) =>
    issueFilter(probing({}, dialect).exec, { ...base, text });

  it(`adds the index filter from ${MIN_INDEXED_SEARCH_CHARS} characters, counting code points`, async () => {
    for (const [text, indexed] of [
      ['ab', false],
      ['abc', true],
      ['😀😀', false], // four UTF-16 units, two characters
      ['😀😀😀', true],
      ['東京', false],
      ['東京都', true],
    ] as const) {
      const { where, params } = await textWhere(text);
      const last = where.at(-1)!;
      assert.equal(last, '(instr(lower(title), lower(?)) > 0 OR instr(lower(culprit), lower(?)) > 0)');
      assert.equal(
        where.some((w) => w.includes('issues_fts')),
        indexed,
        text,
      );
      assert.deepEqual(params.slice(-2), [text, text], 'the substring test keeps the raw text');
    }
  });

  it('quotes user text as one FTS5 phrase, and escapes LIKE wildcards for PostgreSQL', async () => {
    assert.equal(ftsPhrase('say "hi" OR NEAR(x) *'), '"say ""hi"" OR NEAR(x) *"');
    assert.equal(likeContaining('100%_a\\b'), '%100\\%\\_a\\\\b%');
    const { where, params } = await textWhere('50%_x', POSTGRES_DIALECT);
    assert.deepEqual(where.slice(1), [
      '(title ILIKE ? OR culprit ILIKE ?)',
      '(strpos(lower(title), lower(?)) > 0 OR strpos(lower(culprit), lower(?)) > 0)',
    ]);
    assert.deepEqual(params.slice(1), ['%50\\%\\_x%', '%50\\%\\_x%', '50%_x', '50%_x']);
  });
});

describe('keyset cursor', () => {
  it('is a row-value range in both directions', () => {
    const cursor = encodeCursor({ value: 1700, id: 42 });
    assert.deepEqual(afterCursor('last_seen', 'id', cursor), {
      sql: '(last_seen, id) < (?, ?)',
      params: [1700, 42],
    });
    assert.deepEqual(afterCursor('times_seen', 'id', cursor, 'asc'), {
      sql: '(times_seen, id) > (?, ?)',
      params: [1700, 42],
    });
    assert.equal(afterCursor('last_seen', 'id', undefined), undefined);
  });
});
