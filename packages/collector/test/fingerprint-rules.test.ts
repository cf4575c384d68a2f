/**
 * A project's fingerprint rules, end to end on both engines: saved through PATCH
 * /api/v1/projects/:id (checked, each bound a precise 400), applied by digest to the next event
 * ingested (on PostgreSQL, by a second collector too, within the change notice's bound rather
 * than the cache's TTL), the matching rule recorded on the event and shown by the issue's
 * fingerprints; and the preview, which lists what the rules would regroup and writes nothing.
 * Events are real-shaped Sentry events sent as envelopes through the real ingest.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { forEachEngine, startTestCollector, type TestCollector } from '@faultline/test-support';
import { startCollector } from '../src/collector.js';
import {
  FINGERPRINT_RULES_CACHE_TTL_MS,
  MAX_FINGERPRINT_GLOB_CHARS,
  MAX_FINGERPRINT_RULE_CONDITIONS,
  MAX_FINGERPRINT_RULE_PART_CHARS,
  MAX_FINGERPRINT_RULE_PARTS,
  MAX_FINGERPRINT_RULE_TITLE_CHARS,
  MAX_FINGERPRINT_RULES,
} from '../src/limits.js';
import { createPostgresStore } from '../src/store/index.js';
import { envelope, eventId } from './ingest-helpers.js';

/** A change notice arrives in milliseconds; seconds of margin for a loaded machine, and below the
 * cache's TTL, so a collector that waited for its TTL would fail. */
const NOTICE_BOUND_MS = 3_000;
const POLL_MS = 100;

/** A Node error event as @sentry/node sends it: an exception with in-app frames, tags, a level.
 * Default grouping goes by the type and the in-app frames (`fn`), not by the message. */
function nodeError(type: string, value: string, extra: Record<string, unknown> = {}, fn = 'acquire') {
  return {
    platform: 'node',
    level: 'error',
    exception: {
      values: [
        {
          type,
          value,
          mechanism: { type: 'generic', handled: true },
          stacktrace: {
            frames: [
              {
                filename: 'node:internal/process/task_queues',
                module: 'task_queues',
                function: 'process.processTicksAndRejections',
                in_app: false,
              },
              {
                filename: '/srv/app/src/db/pool.js',
                module: 'db.pool',
                function: fn,
                lineno: 42,
                colno: 11,
                in_app: true,
              },
            ],
          },
        },
      ],
    },
    sdk: { name: 'sentry.javascript.node', version: '8.0.0' },
    ...extra,
  };
}

async function sendTo(url: string, key: string, event: Record<string, unknown>): Promise<string> {
  const id = eventId();
  const body = envelope({ event_id: id }, [
    {
      header: { type: 'event' },
      payload: JSON.stringify({ event_id: id, timestamp: Date.now() / 1000, ...event }),
    },
  ]);
  const res = await fetch(`${url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
    method: 'POST',
    body,
  });
  assert.equal(res.status, 200, await res.clone().text());
  return id;
}

forEachEngine((engine) =>
  describe(`fingerprint rules (${engine.name})`, () => {
    let c: TestCollector;
    let key: string;
    before(async () => {
      c = await startTestCollector({ engine });
      key = new URL(c.dsn).username;
    });
    after(() => c.close());

    const send = (event: Record<string, unknown>) => sendTo(c.url, key, event);
    const setRules = async (fingerprintRules: unknown) => {
      const res = await c.call('PATCH', '/api/v1/projects/1', { fingerprintRules });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.fingerprintRules;
    };
    const issueOf = async (id: string): Promise<number> => {
      const rows = await c.rows<{ issue_id: number }>(`SELECT issue_id FROM events WHERE event_id = '${id}'`);
      assert.equal(rows.length, 1, `event ${id} stored once`);
      return Number(rows[0]?.issue_id);
    };
    const issue = async (id: number) => c.api(`/api/v1/issues/${id}`);
    const counts = async () => ({
      events: (await c.rows<{ n: number }>('SELECT COUNT(*) AS n FROM events'))[0]?.n,
      issues: (await c.rows<{ n: number }>('SELECT COUNT(*) AS n FROM issues'))[0]?.n,
      rules: (await c.rows<{ r: string }>('SELECT fingerprint_rules AS r FROM projects WHERE id = 1'))[0]?.r,
    });

    it('a rule on the exception type groups two different messages into one issue, hashed as an SDK fingerprint is', async () => {
      const before1 = await send(nodeError('DatabaseError', 'connection to 10.0.0.7 lost', {}, 'connect'));
      const before2 = await send(nodeError('DatabaseError', 'pool exhausted after 30 tries', {}, 'query'));
      assert.notEqual(await issueOf(before1), await issueOf(before2), 'two issues without a rule');

      const saved = await setRules([{ match: { type: 'Database*' }, fingerprint: ['database-errors'] }]);
      assert.deepEqual(saved, [{ match: { type: 'Database*' }, fingerprint: ['database-errors'] }]);
      const a = await send(nodeError('DatabaseError', 'connection to 10.0.0.7 lost', {}, 'connect'));
      const b = await send(nodeError('DatabaseError', 'pool exhausted after 30 tries', {}, 'query'));
      const grouped = await issueOf(a);
      assert.equal(await issueOf(b), grouped, 'one issue by the rule');
      assert.notEqual(grouped, await issueOf(before1), 'stored events keep their issue');
      // An SDK sending the same fingerprint array lands in the same issue: one hash for both.
      const sdk = await send({ ...nodeError('OtherError', 'x'), fingerprint: ['database-errors'] });
      assert.equal(await issueOf(sdk), grouped);

      // The issue's grouping view names the rule.
      const fingerprints = await c.api(`/api/v1/issues/${grouped}/fingerprints`);
      const own = fingerprints.items.find((f: { own: boolean }) => f.own);
      assert.equal(own.rule?.index ?? null, null, 'its newest event (the SDK one) matched no rule');
      const c2 = await send(nodeError('DatabaseError', 'deadlock detected'));
      assert.equal(await issueOf(c2), grouped);
      const again = await c.api(`/api/v1/issues/${grouped}/fingerprints`);
      const newest = again.items.find((f: { own: boolean }) => f.own);
      assert.equal(newest.rule.index, 1);
      assert.match(newest.rule.text, /type:"Database\*" -> "database-errors"/);
      assert.deepEqual(newest.components, ['fingerprint:database-errors']);
    });

    it('a rule on a tag splits one issue in two, {{ default }} keeping the default grouping in it', async () => {
      const payment = (region: string) => nodeError('PaymentError', 'card declined', { tags: { region } });
      const us1 = await send(payment('us-east'));
      const eu1 = await send(payment('eu-west'));
      assert.equal(await issueOf(us1), await issueOf(eu1), 'one issue without a rule');
      const defaultIssue = await issueOf(us1);

      await setRules([
        {
          match: { type: 'PaymentError', tag: { key: 'region', value: 'eu-*' } },
          fingerprint: ['{{ default }}', '{{ tags.region }}'],
        },
      ]);
      const us2 = await send(payment('us-east'));
      const west = await send(payment('eu-west'));
      const north = await send(payment('eu-north'));
      const west2 = await send(payment('eu-west'));
      assert.equal(await issueOf(us2), defaultIssue, 'no match: the default fingerprint, the old issue');
      assert.notEqual(await issueOf(west), defaultIssue);
      assert.notEqual(await issueOf(north), defaultIssue);
      assert.notEqual(await issueOf(west), await issueOf(north), 'split by the region');
      assert.equal(await issueOf(west2), await issueOf(west));
      // {{ default }} is the event's own grouping: the components start with it, then the tag.
      const view = await c.api(`/api/v1/issues/${await issueOf(west)}/fingerprints`);
      const components: string[] = view.items[0].components;
      assert.ok(
        components.some((x) => x.startsWith('type:PaymentError')),
        components.join(' | '),
      );
      assert.equal(components.at(-1), 'fingerprint:eu-west');
    });

    it('the first matching rule wins, and a title rule sets the issue title', async () => {
      await setRules([
        { match: { type: 'TimeoutError', function: 'acq*' }, fingerprint: ['first'], title: 'Pool timeouts' },
        { match: { type: 'Timeout*' }, fingerprint: ['second'] },
        { match: { message: '*gateway*', level: 'error' }, title: 'Upstream gateway failed' },
      ]);
      const first = await send(nodeError('TimeoutError', 'waited 5000 ms'));
      const second = await send(nodeError('TimeoutErrorX', 'waited 5000 ms'));
      const viaSdk = await send({ ...nodeError('Unrelated', 'y'), fingerprint: ['first'] });
      assert.equal(await issueOf(viaSdk), await issueOf(first));
      assert.notEqual(await issueOf(second), await issueOf(first));
      const titled = await send(nodeError('TimeoutError', 'waited 9000 ms'));
      assert.equal((await issue(await issueOf(titled))).title, 'Pool timeouts');
      // A rule without a fingerprint keeps the default grouping and sets only the title.
      const gw = await send(nodeError('HttpError', 'bad gateway from payments'));
      assert.equal((await issue(await issueOf(gw))).title, 'Upstream gateway failed');
      const fp = await c.api(`/api/v1/issues/${await issueOf(gw)}/fingerprints`);
      assert.equal(fp.items[0].rule.index, 3);
      assert.ok(fp.items[0].components.some((x: string) => x.startsWith('type:HttpError')));
    });

    it('an SDK cannot claim a rule matched', async () => {
      await setRules([]);
      const forged = await send({
        ...nodeError('ForgedError', 'z'),
        _fingerprint_info: { matched_rule: { index: 7, text: 'forged' } },
      });
      const fp = await c.api(`/api/v1/issues/${await issueOf(forged)}/fingerprints`);
      assert.equal(fp.items[0].rule, null);
    });

    it('the preview lists the issues the rules would regroup, and writes nothing', async () => {
      await setRules([]);
      const x1 = await issueOf(await send(nodeError('CacheError', 'redis timeout on get', {}, 'get')));
      const x2 = await issueOf(await send(nodeError('CacheError', 'redis refused set', {}, 'set')));
      const other = await issueOf(await send(nodeError('UnrelatedPreviewError', 'nothing to see')));
      assert.notEqual(x1, x2);
      const before = await counts();
      const rules = [{ match: { type: 'CacheError' }, fingerprint: ['cache'], title: 'Cache down' }];
      const res = await c.call('POST', '/api/v1/projects/1/fingerprint-rules/preview', { rules });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const ids = res.body.items
        .map((i: { issueId: number }) => i.issueId)
        .sort((a: number, b: number) => a - b);
      assert.deepEqual(
        ids,
        [x1, x2].sort((a, b) => a - b),
      );
      assert.ok(!ids.includes(other));
      for (const item of res.body.items) {
        assert.equal(item.rule, 1);
        assert.equal(item.title, 'Cache down');
        assert.equal(item.fingerprints.length, 1);
        assert.equal(item.issue.id, item.issueId);
        assert.deepEqual(item.together, [item.issueId === x1 ? x2 : x1]);
      }
      assert.deepEqual(
        res.body.groups.map((g: { issueIds: number[] }) => g.issueIds),
        [[x1, x2].sort((a, b) => a - b)],
      );
      assert.ok(res.body.eventsExamined > 3);
      assert.deepEqual(await counts(), before, 'nothing written');
      // A bad rule in a preview is a 400 too.
      const bad = await c.call('POST', '/api/v1/projects/1/fingerprint-rules/preview', {
        rules: [{ match: {} }],
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /rules\[0\]\.match has no condition/);
      assert.equal(
        (await c.call('POST', '/api/v1/projects/999/fingerprint-rules/preview', { rules })).status,
        404,
      );
    });

    it('a pathological glob over a 100 KB message stays linear', async () => {
      const glob = `*${'a'.repeat(MAX_FINGERPRINT_GLOB_CHARS - 2)}b`;
      await setRules(
        Array.from({ length: MAX_FINGERPRINT_RULES }, (_, i) => ({
          match: { message: glob, tag: { key: '*a*a*a*a*a*', value: `*${'a*'.repeat(40)}${i}` } },
          fingerprint: [`never-${i}`],
        })),
      );
      const big = 'a'.repeat(100 * 1024);
      const t0 = performance.now();
      const id = await send({ ...nodeError('HugeError', big), tags: { aaaaaaaaaaaa: big.slice(0, 200) } });
      const ms = performance.now() - t0;
      assert.ok((await issueOf(id)) > 0);
      // Linear: a few ms of matching; a pattern × text matcher takes seconds here (50 rules).
      assert.ok(ms < 2_000, `ingested in ${ms.toFixed(0)} ms`);
      await setRules([]);
    });

    it('refuses bad rules with a 400 naming the rule, field and bound, and keeps the saved ones', async () => {
      const saved = await setRules([{ match: { level: 'warning' }, title: 'Warnings' }]);
      const rule = (r: Record<string, unknown>) => [{ match: { type: 'X' }, fingerprint: ['x'], ...r }];
      const long = (n: number) => 'x'.repeat(n + 1);
      const cases: [unknown, RegExp][] = [
        ['x', /fingerprintRules must be a list of rules/],
        [
          Array.from({ length: MAX_FINGERPRINT_RULES + 1 }, () => rule({})[0]),
          new RegExp(`at most ${MAX_FINGERPRINT_RULES} rules`),
        ],
        [[{ match: {}, fingerprint: ['x'] }], /fingerprintRules\[0\]\.match has no condition/],
        [[{ match: { type: 'X' } }], /fingerprintRules\[0\] sets nothing/],
        [[{ match: { typo: 'X' }, fingerprint: ['x'] }], /match has no field "typo"/],
        [rule({ extra: 1 }), /fingerprintRules\[0\] has no field "extra"/],
        [
          [{ match: { type: long(MAX_FINGERPRINT_GLOB_CHARS) }, fingerprint: ['x'] }],
          new RegExp(`match\\.type is longer than ${MAX_FINGERPRINT_GLOB_CHARS} characters`),
        ],
        [
          [
            {
              match: {
                tags: Array.from({ length: MAX_FINGERPRINT_RULE_CONDITIONS }, (_, i) => ({
                  key: `k${i}`,
                  value: '*',
                })),
                type: 'X',
              },
              fingerprint: ['x'],
            },
          ],
          new RegExp(`more than ${MAX_FINGERPRINT_RULE_CONDITIONS} conditions`),
        ],
        [
          rule({ fingerprint: Array.from({ length: MAX_FINGERPRINT_RULE_PARTS + 1 }, () => 'p') }),
          new RegExp(`fingerprint has more than ${MAX_FINGERPRINT_RULE_PARTS} entries`),
        ],
        [
          rule({ fingerprint: [long(MAX_FINGERPRINT_RULE_PART_CHARS)] }),
          new RegExp(`fingerprint\\[0\\] is longer than ${MAX_FINGERPRINT_RULE_PART_CHARS} characters`),
        ],
        [rule({ fingerprint: [] }), /fingerprint must be a non-empty list of strings/],
        [rule({ fingerprint: [''] }), /fingerprint\[0\] is empty/],
        [
          rule({ title: long(MAX_FINGERPRINT_RULE_TITLE_CHARS) }),
          new RegExp(`title is longer than ${MAX_FINGERPRINT_RULE_TITLE_CHARS} characters`),
        ],
        [[{ match: { tag: { key: 'k' } }, fingerprint: ['x'] }], /match\.tag\.value must be a string/],
      ];
      for (const [fingerprintRules, detail] of cases) {
        const res = await c.call('PATCH', '/api/v1/projects/1', { fingerprintRules });
        assert.equal(res.status, 400, JSON.stringify(fingerprintRules).slice(0, 200));
        assert.equal(res.body.code, 'FL_API_BAD_REQUEST');
        assert.match(res.body.detail, detail);
      }
      assert.deepEqual((await c.api('/api/v1/projects/1')).fingerprintRules, saved);
      await setRules([]);
    });

    if (engine.name === 'PostgreSQL')
      it('rules changed on one collector apply on a second one at once (change notice, not TTL)', async () => {
        assert.ok(NOTICE_BOUND_MS < FINGERPRINT_RULES_CACHE_TTL_MS);
        const schema = (await c.rows<{ s: string }>('SELECT current_schema() AS s'))[0]?.s ?? '';
        const url = process.env.FAULTLINE_TEST_PG_URL ?? '';
        const store = createPostgresStore({ connectionString: url, schema });
        const other = await startCollector({ log: () => undefined, store, adminToken: c.adminToken });
        try {
          await setRules([]);
          const shape = () => nodeError('NoticeError', 'seen', {}, `f${Math.random().toString(36).slice(2)}`);
          // Warms the other collector's cache: no rules.
          const warm1 = await sendTo(other.url, key, shape());
          const warm2 = await sendTo(other.url, key, shape());
          assert.notEqual(await issueOf(warm1), await issueOf(warm2));
          await setRules([{ match: { type: 'NoticeError' }, fingerprint: ['noticed'] }]);
          const changedAt = performance.now();
          const target = await issueOf(await send(shape()));
          let grouped = false;
          while (!grouped && performance.now() - changedAt < NOTICE_BOUND_MS) {
            grouped = (await issueOf(await sendTo(other.url, key, shape()))) === target;
            if (!grouped) await sleep(POLL_MS);
          }
          assert.ok(grouped, `the other collector grouped by the new rule within ${NOTICE_BOUND_MS} ms`);
        } finally {
          await setRules([]);
          await other.close();
        }
      });
  }),
);
