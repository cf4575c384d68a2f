/**
 * The rule preview (issue 14 §4 "a test shows preview and real firing agree on a seeded
 * history"), both engines: events sent through ingest over HTTP while rules are active (with a
 * silence made halfway), then the same rules previewed over the same history must list the
 * decisions the evaluation log recorded, firing for firing, reason for reason. And a preview's
 * bad input is a precise 400.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { uniqueMessage } from './alerts-fixtures.js';
import { MINUTE_MS, useSilenceKit } from './alerts-silence-kit.js';

forEachEngine((engine) =>
  describe(`alert rule preview (${engine.name})`, () => {
    const kit = useSilenceKit(engine);

    test('preview and real firing agree on a seeded history', async () => {
      const p = await kit.project('preview');
      const start = Date.now() - 1000;
      const rules = {
        frequency: {
          name: 'Twice in an hour in production',
          trigger: { type: 'frequency', count: 2, windowMinutes: 60 },
          filters: { environment: 'production' },
          actionIntervalMinutes: 1,
        },
        newIssue: { name: 'Every new issue', trigger: { type: 'new-issue' } },
      };
      const live = {
        frequency: await kit.rule(p.id, rules.frequency),
        newIssue: await kit.rule(p.id, rules.newIssue),
      };
      const [a, b, c] = [uniqueMessage('cart'), uniqueMessage('login'), uniqueMessage('search')];
      const seed: [string, string, string][] = [
        [a, 'production', 'shop@1'],
        [b, 'staging', 'shop@1'],
        [a, 'production', 'shop@1'], // a: twice → fires
        [b, 'production', 'shop@1'], // b: twice, once in production → below the count
        [a, 'production', 'shop@1'], // a: throttled
        [b, 'production', 'shop@1'], // b: fires
      ];
      for (const [message, environment, release] of seed)
        await kit.send(p, { message, environment, release });
      const silence = await kit.call('POST', `/api/v1/projects/${p.id}/silences`, {
        matchers: { release: 'shop@2' },
        endsAt: Date.now() + 60 * MINUTE_MS,
      });
      assert.equal(silence.status, 201);
      for (const [message, environment, release] of [
        [c, 'production', 'shop@2'], // new issue, silenced
        [c, 'production', 'shop@2'], // frequency: silenced
        [c, 'production', 'shop@1'], // frequency: fires (the silence is for shop@2)
      ])
        await kit.send(p, { message, environment, release });

      for (const name of ['frequency', 'newIssue'] as const) {
        const logged = (await kit.evaluations(live[name].id)).map((e) => [
          e.inputs.issueId,
          e.inputs.eventId,
          e.reason,
        ]);
        assert.ok(
          logged.some(([, , reason]) => reason === 'fired') &&
            logged.some(([, , reason]) => reason === 'silenced'),
          `${name}: the history has firings and a silenced decision (${JSON.stringify(logged)})`,
        );
        const preview = await kit.call('POST', `/api/v1/projects/${p.id}/alert-rules/preview`, {
          ...rules[name],
          since: new Date(start).toISOString(),
        });
        assert.equal(preview.status, 200, JSON.stringify(preview.body));
        const previewed = preview.body.items.map((d: any) => [d.issueId, d.eventId, d.reason]);
        assert.deepEqual(previewed, logged, `${name}: every decision the log recorded, in order`);
        const fired = logged.filter(([, , reason]) => reason === 'fired');
        assert.equal(preview.body.fired, fired.length);
        assert.equal((await kit.notifications(live[name].id)).length, fired.length, 'one notification each');
        assert.equal(preview.body.eventsEvaluated, seed.length + 3);
      }

      const later = await kit.call('POST', `/api/v1/projects/${p.id}/alert-rules/preview`, {
        ...rules.newIssue,
        since: Date.now() - 1,
      });
      assert.equal(later.status, 200, JSON.stringify(later.body));
      assert.deepEqual([later.body.items, later.body.eventsEvaluated], [[], 0], 'nothing since then');
    });

    test('bad preview input is a precise 400 naming the field', async () => {
      const p = await kit.project('preview input');
      const path = `/api/v1/projects/${p.id}/alert-rules/preview`;
      const cases: [body: unknown, field: string, detail: RegExp][] = [
        [[], '', /a preview is a JSON object/],
        [{ name: 'x' }, 'trigger', /trigger/],
        [
          { name: 'x', trigger: { type: 'regression' } },
          'trigger.type',
          /status changes the store does not keep/,
        ],
        [
          {
            name: 'x',
            trigger: { type: 'route-5xx-rate', threshold: 0.1, windowMinutes: 5, minRequests: 10 },
          },
          'trigger.type',
          /rate rules/,
        ],
        [
          { name: 'x', trigger: { type: 'new-issue' }, since: Date.now() + MINUTE_MS },
          'since',
          /not in the past/,
        ],
        [{ name: 'x', trigger: { type: 'new-issue' }, since: 'yesterday' }, 'since', /ISO 8601/],
      ];
      for (const [body, field, detail] of cases) {
        const reply = await kit.call('POST', path, body);
        const what = JSON.stringify(body);
        assert.equal(reply.status, 400, `${what}: ${JSON.stringify(reply.body)}`);
        assert.equal(reply.body.code, 'FL_ALERT_RULE', what);
        assert.equal(reply.body.field, field, what);
        assert.match(reply.body.detail, detail, what);
      }
      const missing = await kit.call('POST', '/api/v1/projects/99999/alert-rules/preview', {
        name: 'x',
        trigger: { type: 'new-issue' },
      });
      assert.equal(missing.status, 404);
    });
  }),
);
