/**
 * Slack, Discord and PagerDuty notifications (issue 14 §2, §6), received on 127.0.0.1 and checked
 * against each service's documented shape and limits, with an event built to break them: a
 * title at the stored maximum and `<!channel>` / `@everyone` inside it, which must ping no one.
 * PagerDuty's 429 without Retry-After is retried no sooner than its docs advise (30 s).
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { PAGERDUTY_RETRY_AFTER_S } from '../src/limits.js';
import { eventually, useAlertCollector, useReceiver } from './alerts-fixtures.js';

const ROUTING_KEY = 'R0123456789abcdefABCDEF012345678';

forEachEngine((engine) =>
  describe(`Slack, Discord, PagerDuty (${engine.name})`, () => {
    const [slack, discord, pagerDuty] = [useReceiver(), useReceiver(), useReceiver()];
    pagerDuty.answer = (n) =>
      n === 0
        ? { status: 429, body: '{"status":"throttle event"}' }
        : { status: 202, body: '{"status":"success"}' };
    // Started after the receivers: its PagerDuty URL is one of them.
    const c = useAlertCollector(engine, () => ({ pagerDutyUrl: pagerDuty.url }));

    test('each message fits its documented schema and limits, and mentions in event data ping no one', async () => {
      const rule = await c.rule({
        name: 'Page the on-call',
        trigger: { type: 'new-issue' },
        channels: [
          { type: 'slack', url: slack.url },
          { type: 'discord', url: discord.url },
          { type: 'pagerduty', routingKey: ROUTING_KEY },
        ],
      });
      const message = `<!channel> @everyone ${'checkout exploded '.repeat(40)}`;
      await c.send({
        message,
        level: 'fatal',
        tags: { request_id: 'req-chat', route: '/pay' },
        transaction: 'POST /pay',
      });
      const [[s], [d], [p]] = await Promise.all([slack.waitFor(1), discord.waitFor(1), pagerDuty.waitFor(1)]);

      const sj = s!.json;
      assert.equal(typeof sj.text, 'string');
      assert.ok(sj.text.length <= 4000 && sj.text.includes('Incident: req-chat'), 'the text fallback');
      assert.ok(
        !sj.text.includes('<!channel>') && sj.text.includes('&lt;!channel&gt;'),
        'the mrkdwn fallback is escaped',
      );
      const [header, ...rest] = sj.blocks as any[];
      assert.equal(header.type, 'header');
      assert.equal(header.text.type, 'plain_text');
      assert.ok(header.text.text.length <= 150, `header ${header.text.text.length}`);
      for (const block of rest) {
        assert.ok(['section', 'actions'].includes(block.type));
        if (block.text) assert.ok(block.text.text.length <= 3000);
        for (const field of block.fields ?? []) {
          assert.equal(field.type, 'mrkdwn');
          assert.ok(field.text.length <= 2000);
          assert.ok(!field.text.includes('<!channel>'), 'mrkdwn is escaped');
        }
        if (block.fields) assert.ok(block.fields.length <= 10);
      }
      const button = rest.find((b) => b.type === 'actions').elements[0];
      assert.match(button.url, new RegExp(`^${c.collector.url}/issues/\\d+\\?event=`));
      assert.equal(
        header.text.text.slice(0, 33),
        'New issue in default: <!channel> ',
        'plain_text, not parsed',
      );

      const dj = d!.json;
      assert.deepEqual(dj.allowed_mentions, { parse: [] }, '@everyone pings no one');
      const [embed] = dj.embeds;
      assert.ok(embed.title.length <= 256);
      assert.ok(embed.description.length <= 4096);
      assert.ok(embed.fields.length <= 25);
      for (const f of embed.fields) assert.ok(f.name.length <= 256 && f.value.length <= 1024);
      const total =
        embed.title.length +
        embed.description.length +
        embed.fields.reduce((n: number, f: any) => n + f.name.length + f.value.length, 0);
      assert.ok(total <= 6000, `embed total ${total}`);
      assert.equal(embed.url, button.url);
      assert.ok(!Number.isNaN(Date.parse(embed.timestamp)));

      const pj = p!.json;
      assert.equal(pj.routing_key, ROUTING_KEY);
      assert.equal(pj.event_action, 'trigger');
      assert.match(pj.dedup_key, new RegExp(`^faultline/rule-${rule.id}/issue:\\d+$`));
      assert.ok(pj.dedup_key.length <= 255);
      assert.ok(pj.payload.summary.length > 0 && pj.payload.summary.length <= 1024);
      assert.equal(pj.payload.severity, 'critical', 'fatal → critical');
      assert.equal(pj.payload.source, 'default');
      assert.equal(pj.payload.component, 'POST /pay');
      assert.equal(pj.payload.class, 'new-issue');
      assert.equal(pj.links[0].href, button.url);

      // 429 without Retry-After: the next attempt is PAGERDUTY_RETRY_AFTER_S away, not 5 s.
      const throttled = await eventually(async () => {
        const rows = await c.store.listAlertNotifications({ ruleId: rule.id, limit: 5 });
        const n = rows.find((r) => r.channelType === 'pagerduty');
        return n !== undefined && n.attempts === 1 ? n : undefined;
      });
      const [attempt] = await c.store.listAlertAttempts(throttled.id);
      assert.deepEqual([attempt?.status, attempt?.outcome], [429, 'retry']);
      assert.ok(
        throttled.nextAttemptAt - attempt!.at >= PAGERDUTY_RETRY_AFTER_S * 1000,
        `next attempt ${throttled.nextAttemptAt - attempt!.at} ms later`,
      );
    });
  }),
);
