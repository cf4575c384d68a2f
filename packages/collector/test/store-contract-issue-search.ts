/**
 * Contract part: the issue list's index-backed paths give the rows the plain ones gave.
 * Text search (the trigram index for 3+ characters, the substring scan below): quotes, LIKE
 * wildcards, backslashes, FTS syntax, unicode, culprit-only matches, a title that changes.
 * Tag filters on both sides of SPARSE_TAG_ISSUES (the `IN` list and the per-row `EXISTS`).
 * Keyset cursors in every sort, with ties on the sort column, at several page sizes.
 */

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { SentryEvent } from '@faultline/core';
import { digestBatches } from '../src/digest/digest.js';
import { SPARSE_TAG_ISSUES } from '../src/limits.js';
import type { ProjectId } from '../src/store/ids.js';
import type { IssueQuery, IssueSort } from '../src/store/queries.js';
import type { IssueRecord, IssueStatus } from '../src/store/records.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent } from './digest-fixtures.js';

const SORTS: readonly IssueSort[] = ['lastSeen', 'firstSeen', 'count'];
const SORT_VALUE: Record<IssueSort, (i: IssueRecord) => number> = {
  lastSeen: (i) => i.lastSeen,
  firstSeen: (i) => i.firstSeen,
  count: (i) => i.count,
};
const inListOrder = (sort: IssueSort) => (a: IssueRecord, b: IssueRecord) =>
  SORT_VALUE[sort](b) - SORT_VALUE[sort](a) || b.id - a.id;

/** The stores' own case folding, ASCII only (SQLite `lower`), for texts without other capitals. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const contains = (i: IssueRecord, text: string) =>
  asciiLower(i.title).includes(asciiLower(text)) || asciiLower(i.culprit).includes(asciiLower(text));

/** Every page of a listing, through its cursors. */
async function allPages(store: Store, query: IssueQuery): Promise<IssueRecord[]> {
  const out: IssueRecord[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.listIssues({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    out.push(...page.items);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

/**
 * Registers the tests inside the contract's describe block.
 * @example contractIssueSearch(() => store, project)
 */
export function contractIssueSearch(getStore: () => Store, newProject: () => Promise<ProjectId>): void {
  describe('issue list: text search', () => textSearchTests(getStore, newProject));
  describe('issue list: sparse and dense tag filters', () => tagTests(getStore, newProject));
  describe('issue list: cursors with ties', () => cursorTests(getStore, newProject));
}

// Values are chosen to survive title normalization (no digits, no quoted words).
const BUGS = {
  percent: { fn: 'applyDiscount', value: 'discount full% off for user_id field' },
  wildcard: { fn: 'applyCoupon', value: 'discount fullX off for userXid field' },
  quotes: { fn: 'quote', value: `quote say"hi"there and it's done` },
  backslash: { fn: 'readPath', value: 'path C:\\temp\\x missing' },
  temperature: { fn: 'sensor', value: 'temperature too high' },
  unicode: { fn: 'greet', value: 'naïve café 東京都 😀😀 ok' },
  syntax: { fn: 'runQuery', value: 'select * from t OR NEAR x AND y' },
  culpritOnly: { fn: 'reconcileLedger', value: 'plain failure' },
  renamed: { fn: 'rename', value: 'alpha version text' },
} as const;

function textSearchTests(getStore: () => Store, newProject: () => Promise<ProjectId>): void {
  let projectId: ProjectId;
  let issues: IssueRecord[];
  const search = async (text: string, status?: IssueStatus) =>
    (
      await getStore().listIssues({
        projectId,
        sort: 'lastSeen',
        limit: 100,
        text,
        ...(status === undefined ? {} : { status }),
      })
    ).items;
  const fnOf = (i: IssueRecord) => i.culprit.split(' in ')[1];
  const fns = (items: IssueRecord[]) => items.map(fnOf).sort();

  before(async () => {
    projectId = await newProject();
    const events = Object.values(BUGS).map((b, k) =>
      bugEvent({ fn: b.fn, value: b.value }, { timestamp: Date.UTC(2024, 1, 1, k) / 1000 }),
    );
    await getStore().write((tx) => digestBatches(tx, [batch(projectId, events)]));
    // A newer event of the same bug renames the issue: the old words must stop matching.
    const renamed = bugEvent(
      { fn: BUGS.renamed.fn, value: 'omega version text' },
      { timestamp: Date.UTC(2024, 1, 2) / 1000 },
    );
    await getStore().write((tx) => digestBatches(tx, [batch(projectId, [renamed])]));
    issues = (await getStore().listIssues({ projectId, sort: 'lastSeen', limit: 100 })).items;
    assert.equal(issues.length, Object.keys(BUGS).length);
  });

  it('finds what the substring test finds, on both paths, for every kind of text', async () => {
    const texts = [
      // three characters or more: the trigram index
      'ull%',
      'user_id',
      'y"hi"t',
      '"hi"',
      "it's",
      '\\temp',
      'temp\\',
      'café',
      '東京都',
      '😀😀 o',
      'ïve',
      '* from t OR',
      'NEAR x',
      'AND',
      'RECONCILELEDGER',
      'ledger',
      'src.users in',
      'omega',
      'alpha',
      'no such words',
      // shorter: the substring scan
      '%',
      '_',
      '"',
      "'",
      '\\',
      '東京',
      '😀😀',
      'ok',
      'X',
    ];
    for (const text of texts) {
      const expected = issues.filter((i) => contains(i, text)).map(fnOf);
      assert.deepEqual(fns(await search(text)), expected.sort(), `search ${JSON.stringify(text)}`);
    }
  });

  it('treats %, _, quotes and backslashes as text, not as syntax', async () => {
    assert.deepEqual(fns(await search('ull%')), ['applyDiscount']);
    assert.deepEqual(fns(await search('user_id')), ['applyDiscount']);
    assert.deepEqual(fns(await search('%')), ['applyDiscount']);
    assert.deepEqual(fns(await search('_')), ['applyDiscount']);
    assert.deepEqual(fns(await search('y"hi"t')), ['quote']);
    assert.deepEqual(fns(await search('"hi"')), ['quote']);
    assert.deepEqual(fns(await search('"')), ['quote']);
    assert.deepEqual(fns(await search("it's")), ['quote']);
    assert.deepEqual(fns(await search('\\temp')), ['readPath']);
    // A trailing backslash would escape LIKE's closing `%` if it were not escaped itself.
    assert.deepEqual(fns(await search('temp\\')), ['readPath']);
    assert.deepEqual(fns(await search('* from t OR')), ['runQuery']);
    assert.deepEqual(fns(await search('NEAR x')), ['runQuery']);
  });

  it('matches unicode by characters: three code points use the index, two do not', async () => {
    for (const text of ['café', '東京都', '東京', '😀😀', '😀😀 o', 'ïve'])
      assert.deepEqual(fns(await search(text)), ['greet'], text);
  });

  it('matches the culprit alone, case-insensitively, with filters', async () => {
    assert.deepEqual(fns(await search('RECONCILELEDGER')), ['reconcileLedger']);
    assert.deepEqual(fns(await search('ledger', 'unresolved')), ['reconcileLedger']);
    assert.deepEqual(await search('ledger', 'resolved'), []);
    assert.equal((await search('src.users in')).length, issues.length);
  });

  it('follows a title that changed', async () => {
    assert.deepEqual(fns(await search('omega')), ['rename']);
    assert.deepEqual(await search('alpha'), []);
  });
}

/** Issue k of the tag tests: a dense tag on all, a sparse one on every 50th, ties in time. */
const TAGGED_ISSUES = SPARSE_TAG_ISSUES + 50;
const SPARSE_EVERY = 50;

function tagTests(getStore: () => Store, newProject: () => Promise<ProjectId>): void {
  let projectId: ProjectId;
  let all: IssueRecord[];
  const dense = { key: 'tier', value: 'dense' };
  const sparse = { key: 'pick', value: 'sparse' };
  const fnIndex = (i: IssueRecord) => Number(i.culprit.split(' in f')[1]);

  before(async () => {
    projectId = await newProject();
    const base = Date.UTC(2024, 2, 1);
    const events: SentryEvent[] = [];
    for (let k = 0; k < TAGGED_ISSUES; k++) {
      const tags: [string, string][] = [[dense.key, dense.value]];
      if (k % SPARSE_EVERY === 0) tags.push([sparse.key, sparse.value]);
      // Seven distinct times and one or two events: ties on every sort column.
      const event = () => bugEvent({ fn: `f${k}` }, { timestamp: (base + (k % 7) * 60_000) / 1000, tags });
      events.push(event());
      if (k % 3 === 0) events.push(event());
    }
    await getStore().write((tx) => digestBatches(tx, [batch(projectId, events)]));
    all = await allPages(getStore(), { projectId, sort: 'lastSeen', limit: 500 });
    assert.equal(all.length, TAGGED_ISSUES);
    for (const issue of all.filter((i) => fnIndex(i) % 11 === 1))
      await getStore().updateIssueStatus(issue.id, 'resolved');
    all = await allPages(getStore(), { projectId, sort: 'lastSeen', limit: 500 });
  });

  for (const sort of SORTS) {
    it(`gives the same rows for a dense tag (≥ ${SPARSE_TAG_ISSUES} issues), a sparse one and both, by ${sort}`, async () => {
      const expect = (keep: (i: IssueRecord) => boolean) =>
        all
          .filter(keep)
          .sort(inListOrder(sort))
          .map((i) => i.id);
      const isSparse = (i: IssueRecord) => fnIndex(i) % SPARSE_EVERY === 0;
      const unresolved = (i: IssueRecord) => i.status === 'unresolved';
      const list = async (q: Partial<IssueQuery>) =>
        (await allPages(getStore(), { projectId, sort, limit: 97, ...q })).map((i) => i.id);
      assert.deepEqual(
        await list({ tag: [dense] }),
        expect(() => true),
      );
      assert.deepEqual(await list({ tag: [sparse] }), expect(isSparse));
      assert.deepEqual(await list({ tag: [dense, sparse] }), expect(isSparse));
      assert.deepEqual(await list({ tag: [dense], status: 'unresolved' }), expect(unresolved));
      assert.deepEqual(
        await list({ tag: [sparse, dense], status: 'unresolved' }),
        expect((i) => isSparse(i) && unresolved(i)),
      );
      assert.deepEqual(await list({ tag: [{ key: 'pick', value: 'none' }] }), []);
    });
  }
}

function cursorTests(getStore: () => Store, newProject: () => Promise<ProjectId>): void {
  let projectId: ProjectId;
  let all: IssueRecord[];

  before(async () => {
    projectId = await newProject();
    const base = Date.UTC(2024, 3, 1);
    // 13 issues over 3 first-seen times and 3 last-seen times, 1-3 events: long runs of ties.
    const events: SentryEvent[] = [];
    for (let k = 0; k < 13; k++) {
      const first = base + (k % 3) * 60_000;
      events.push(bugEvent({ fn: `tie${k}` }, { timestamp: first / 1000 }));
      for (let n = 0; n < k % 3; n++)
        events.push(bugEvent({ fn: `tie${k}` }, { timestamp: (base + 3_600_000 * (1 + (k % 2))) / 1000 }));
    }
    await getStore().write((tx) => digestBatches(tx, [batch(projectId, events)]));
    all = (await getStore().listIssues({ projectId, sort: 'lastSeen', limit: 100 })).items;
    assert.equal(all.length, 13);
    for (const issue of all.filter((_, k) => k % 4 === 0))
      await getStore().updateIssueStatus(issue.id, 'ignored');
    all = (await getStore().listIssues({ projectId, sort: 'lastSeen', limit: 100 })).items;
  });

  for (const sort of SORTS) {
    it(`pages by ${sort} through ties: every issue once, in order, at any page size`, async () => {
      const values = new Set(all.map(SORT_VALUE[sort]));
      assert.ok(values.size < all.length, 'the data has ties on the sort column');
      for (const status of [undefined, 'unresolved', 'ignored'] as const) {
        const expected = all
          .filter((i) => status === undefined || i.status === status)
          .sort(inListOrder(sort))
          .map((i) => i.id);
        for (const limit of [1, 2, 3, 5, 50]) {
          const ids = (
            await allPages(getStore(), { projectId, sort, limit, ...(status ? { status } : {}) })
          ).map((i) => i.id);
          assert.deepEqual(ids, expected, `${sort}, ${status ?? 'any status'}, pages of ${limit}`);
        }
      }
    });
  }
}
