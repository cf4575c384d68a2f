/**
 * An issue's activity history (issue 19 §4), over HTTP on both engines: the exact sequence of
 * first seen → resolved by a named user → regression in a release → snoozed → woken by its
 * count → merge → assignment → comment, newest first and paged by cursor; a merge's target shows
 * the merged issue's history; a fired alert and the snooze job's wake are recorded; an activity row and its change
 * commit or fail together (a change whose activity row cannot be written is rolled back, and a
 * refused merge leaves no row); deleting the issue removes its history and comments.
 */

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { forEachEngine, type TestCollector } from '@faultline/test-support';
import Database from 'better-sqlite3';
import pg from 'pg';
import { digest } from '../src/digest/index.js';
import { type IssueId, type ProjectId, SQLITE_FILE_NAME } from '../src/store/index.js';
import { batch, bugEvent, ingestEvent } from './digest-fixtures.js';
import { ADA, loginAs, sendEvent, startTeamCollector } from './team-fixture.js';

const kindsOf = (items: any[]) => items.map((a) => [a.kind, a.actor, a.data]);

forEachEngine((engine) =>
  describe(`issue activity (${engine.name})`, () => {
    let c: TestCollector;
    before(async () => {
      c = await startTeamCollector(engine);
    });
    after(async () => c?.close());

    const issueOf = async (fn: string) => {
      const list = await c.api('/api/v1/projects/1/issues?limit=100');
      const found = list.items.find((i: any) => i.culprit.includes(fn) || i.title.includes(fn));
      assert.ok(found, `no issue for ${fn}`);
      return found;
    };
    const activity = async (id: number, query = '') =>
      (await c.api(`/api/v1/issues/${id}/activity${query}`)).items;

    test('first seen → resolve → regression → snooze → wake by count → merge → assign → comment, exactly', async () => {
      const ada = await loginAs(c, ADA);
      const bug = (fn: string, release: string) => bugEvent({ fn, value: `${fn} broke` }, { release });
      await sendEvent(c.dsn, bug('otherSeq', '0.9'));
      await sendEvent(c.dsn, bug('mainSeq', '1.0'));
      const main = await issueOf('mainSeq');
      const other = await issueOf('otherSeq');

      assert.equal((await ada('PATCH', `/api/v1/issues/${main.id}`, { status: 'resolved' })).status, 200);
      await sendEvent(c.dsn, bug('mainSeq', '2.0')); // regression
      const snooze = await ada('PATCH', `/api/v1/issues/${main.id}`, {
        status: 'ignored',
        ignoreUntil: { count: 2 },
      });
      assert.equal(snooze.status, 200, JSON.stringify(snooze.body));
      await sendEvent(c.dsn, bug('mainSeq', '2.0'));
      assert.equal((await issueOf('mainSeq')).status, 'ignored');
      await sendEvent(c.dsn, bug('mainSeq', '2.0')); // the second of 2 more: woken
      assert.equal((await issueOf('mainSeq')).status, 'unresolved');

      const merged = await ada('POST', '/api/v1/projects/1/issues/merge', { issueIds: [main.id, other.id] });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.issue.id, main.id, 'the issue with the most events is the target');
      assert.equal((await ada('PATCH', `/api/v1/issues/${main.id}`, { assignee: ADA })).status, 200);
      const comment = await ada('POST', `/api/v1/issues/${main.id}/comments`, { text: 'looking into it' });
      assert.equal(comment.status, 201, JSON.stringify(comment.body));

      const items = await activity(main.id);
      assert.deepEqual(kindsOf(items), [
        ['comment', ADA, { commentId: comment.body.id }],
        ['assigned', ADA, { assignee: ADA }],
        ['merged', ADA, { issueIds: [other.id] }],
        ['woken', null, { reason: 'count' }],
        ['status', ADA, { status: 'ignored', ignoreUntil: { count: 2 } }],
        ['regression', null, { release: '2.0' }],
        ['status', ADA, { status: 'resolved' }],
        ['first_seen', null, { release: '1.0' }],
        // The merged issue's history moved with it.
        ['first_seen', null, { release: '0.9' }],
      ]);
      assert.ok(
        items.every((a: any) => typeof a.createdAt === 'string' && !Number.isNaN(Date.parse(a.createdAt))),
      );
      assert.deepEqual(
        items.slice(0, -1).map((a: any) => a.issueId),
        new Array(items.length - 1).fill(main.id),
      );

      // Paged newest first: 4 + 4 + 1, the same rows in the same order, nothing twice.
      const sizes: number[] = [];
      const paged: any[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await c.api(
          `/api/v1/issues/${main.id}/activity?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        sizes.push(page.items.length);
        paged.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(sizes, [4, 4, 1]);
      assert.deepEqual(paged, items);
      assert.equal(
        (await c.call('GET', `/api/v1/issues/${other.id}/activity`)).status,
        404,
        'a tombstone has none',
      );
      assert.equal((await c.call('GET', `/api/v1/issues/${main.id}/activity?limit=101`)).status, 400);
      assert.equal((await c.call('GET', '/api/v1/issues/99999/activity')).status, 404);
    });

    test('an alert fired for the issue is in its history, written by the commit that fired it', async () => {
      const made = await c.call('POST', '/api/v1/projects', { name: 'alerting' });
      assert.equal(made.status, 201);
      const rule = await c.call('POST', `/api/v1/projects/${made.body.id}/alert-rules`, {
        name: 'new bugs',
        trigger: { type: 'new-issue' },
        channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }],
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      await sendEvent(
        made.body.keys[0].dsn,
        bugEvent({ fn: 'alerted', value: 'alerted broke' }, { release: '3.1' }),
      );
      const [issue] = (await c.api(`/api/v1/projects/${made.body.id}/issues`)).items;
      assert.deepEqual(kindsOf(await activity(issue.id)), [
        ['alert', null, { ruleId: rule.body.id, ruleName: 'new bugs' }],
        ['first_seen', null, { release: '3.1' }],
      ]);
    });

    test('the snooze job wakes a timed snooze and records it as done by nobody, with the snooze end as its time', async () => {
      await sendEvent(c.dsn, bugEvent({ fn: 'timedWake', value: 'timedWake broke' }));
      const issue = await issueOf('timedWake');
      const snoozed = await c.call('PATCH', `/api/v1/issues/${issue.id}`, {
        status: 'ignored',
        ignoreUntil: { minutes: 1 },
      });
      assert.equal(snoozed.status, 200);
      const endsAt = Date.parse(snoozed.body.snoozeEndsAt);
      assert.equal(await c.store.wakeSnoozedIssues(endsAt + 1), 1);
      const [woken, status] = await activity(issue.id);
      assert.deepEqual(
        [woken.kind, woken.actor, woken.data, Date.parse(woken.createdAt)],
        ['woken', null, { reason: 'time' }, endsAt],
      );
      assert.deepEqual(
        [status.kind, status.actor, status.data],
        ['status', 'token', { status: 'ignored', ignoreUntil: { minutes: 1 } }],
      );
    });

    test('a refused merge writes no activity, and deleting an issue removes its history and comments', async () => {
      await sendEvent(c.dsn, bugEvent({ fn: 'refusedMerge', value: 'refusedMerge broke' }));
      const issue = await issueOf('refusedMerge');
      const before = await activity(issue.id);
      const refused = await c.call('POST', '/api/v1/projects/1/issues/merge', {
        issueIds: [issue.id, 99999],
      });
      assert.equal(refused.status, 404, JSON.stringify(refused.body));
      assert.deepEqual(await activity(issue.id), before);
      assert.equal(
        (await c.call('POST', `/api/v1/issues/${issue.id}/comments`, { text: 'gone soon' })).status,
        201,
      );
      assert.equal((await c.call('DELETE', `/api/v1/issues/${issue.id}`)).status, 204);
      const left = await c.rows<{ n: number | string }>(
        `SELECT (SELECT count(*) FROM issue_activity WHERE issue_id = ${issue.id}) + (SELECT count(*) FROM issue_comments WHERE issue_id = ${issue.id}) AS n`,
      );
      assert.equal(Number(left[0]?.n), 0);
    });
  }),
);

forEachEngine((engine) =>
  describe(`an activity row and its change commit or fail together (${engine.name})`, () => {
    let handle: Awaited<ReturnType<typeof engine.open>>;
    let refuse: (kind: string) => Promise<void>;
    let close: () => Promise<void> = async () => {};
    before(async () => {
      handle = await engine.open();
      const where = handle.location;
      if (where.kind === 'sqlite') {
        const db = new Database(join(where.dataDir, SQLITE_FILE_NAME));
        refuse = async (kind) =>
          void db.exec(
            `CREATE TRIGGER refuse_${kind} BEFORE INSERT ON issue_activity WHEN NEW.kind = '${kind}' BEGIN SELECT RAISE(ABORT, 'refused'); END`,
          );
        close = async () => void db.close();
      } else {
        const client = new pg.Client({
          connectionString: where.url,
          options: `-c search_path=${where.schema}`,
        });
        await client.connect();
        refuse = async (kind) =>
          void (await client.query(
            `ALTER TABLE issue_activity ADD CONSTRAINT refuse_${kind} CHECK (kind <> '${kind}')`,
          ));
        close = () => client.end();
      }
    });
    after(async () => {
      await close();
      await handle?.dispose();
    });

    test('a change whose activity row cannot be written is rolled back whole: status, assignment, comment, merge', async () => {
      const { store } = handle;
      const { key } = await store.ensureDefaultProject();
      const projectId = key.projectId as ProjectId;
      await store.createUser(ADA, 'hash');
      await store.write((tx) =>
        digest(
          tx,
          batch(projectId, [ingestEvent(bugEvent({ fn: 'a' })), ingestEvent(bugEvent({ fn: 'b' }))]),
        ),
      );
      const ids = (await store.listIssues({ projectId, sort: 'lastSeen', limit: 10 })).items.map((i) => i.id);
      const [a, b] = ids as [IssueId, IssueId];
      for (const kind of ['status', 'assigned', 'comment', 'merged']) await refuse(kind);

      await assert.rejects(store.updateIssueStatus(a, 'resolved', { actor: ADA }));
      await assert.rejects(store.assignIssue(a, ADA, ADA, Date.now()));
      await assert.rejects(store.addIssueComment(a, ADA, 'lost with its row', Date.now()));
      await assert.rejects(store.mergeIssues(projectId, [a, b], Date.now(), ADA));

      const issue = await store.getIssue(a);
      assert.equal(issue?.status, 'unresolved');
      assert.equal(issue?.assignee, null);
      assert.equal((await store.getIssue(b))?.status, 'unresolved', 'not merged');
      assert.deepEqual((await store.listIssueComments({ issueId: a, limit: 10 }))?.items, []);
      const kinds = (await store.listIssueActivity({ issueId: a, limit: 10 }))?.items.map((r) => r.kind);
      assert.deepEqual(kinds, ['first_seen']);
    });
  }),
);
