/**
 * The SSRF guard (issue 14 §3, §6): a notification never reaches a loopback, private, link-local
 * or metadata address unless the operator allowed it; a name is resolved at every send (here by
 * a real DNS server the test runs) and the connection goes to the address that was checked; a
 * redirect is not followed. Refusals are logged per attempt, and the same check refuses such a
 * URL at rule creation. Both engines.
 */

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { after, before, describe, test } from 'node:test';
import { forEachEngine } from '@faultline/test-support';
import { parseAllowList } from '../src/alerts/outbound/allow-list.js';
import { checkRuleChannels } from '../src/alerts/outbound/check-rule-channels.js';
import type { Resolver as GuardResolver } from '../src/alerts/outbound/outbound-guard.js';
import { systemResolver } from '../src/alerts/outbound/outbound-guard.js';
import { AlertRuleError } from '../src/alerts/rules/alert-rule-error.js';
import { parseAlertRule } from '../src/alerts/rules/parse-rule.js';
import type { AlertNotification } from '../src/store/alert-records.js';
import {
  type AlertCollector,
  eventually,
  uniqueMessage,
  useAlertCollectors,
  useReceiver,
  webhookRule,
} from './alerts-fixtures.js';

/** A DNS server answering A queries from `records` (RFC 1035 §4), NXDOMAIN for other names. */
async function startDns(records: Record<string, string>) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, peer) => {
    let at = 12;
    const labels: string[] = [];
    while (query[at] !== 0 && at < query.length) {
      const length = query[at] as number;
      labels.push(query.subarray(at + 1, at + 1 + length).toString('ascii'));
      at += length + 1;
    }
    const question = query.subarray(12, at + 5);
    const qtype = query.readUInt16BE(at + 1);
    const address = records[labels.join('.').toLowerCase()];
    const answers = address !== undefined && qtype === 1 ? 1 : 0;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(address === undefined ? 0x8183 : 0x8180, 2); // response, RD+RA, NXDOMAIN or NOERROR
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers, 6);
    const parts = [header, question];
    if (answers === 1) {
      const answer = Buffer.alloc(16);
      answer.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      answer.writeUInt16BE(1, 2); // A
      answer.writeUInt16BE(1, 4); // IN
      answer.writeUInt32BE(5, 6); // TTL
      answer.writeUInt16BE(4, 10);
      for (const [i, octet] of (address as string).split('.').entries()) answer[12 + i] = Number(octet);
      parts.push(answer);
    }
    socket.send(Buffer.concat(parts), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`127.0.0.1:${socket.address().port}`]);
  const resolve: GuardResolver = async (host) =>
    (await resolver.resolve4(host)).map((address) => ({ address, family: 4 as const }));
  return { resolve, close: () => new Promise<void>((r) => socket.close(() => r())) };
}

const firstAttempt = async (c: AlertCollector, ruleId: number) => {
  const row = await eventually<AlertNotification>(async () => {
    const [n] = await c.store.listAlertNotifications({ ruleId, limit: 1 });
    return n !== undefined && n.attempts > 0 ? n : undefined;
  });
  const [attempt] = await c.store.listAlertAttempts(row.id);
  return attempt!;
};

forEachEngine((engine) =>
  describe(`SSRF guard (${engine.name})`, () => {
    const newCollector = useAlertCollectors(engine);
    const receiver = useReceiver();
    const elsewhere = useReceiver('127.0.0.2');
    let dns: Awaited<ReturnType<typeof startDns>>;

    before(async () => {
      dns = await startDns({ 'hooks.faultline.test': '10.20.30.40', 'pinned.faultline.test': '127.0.0.1' });
    });
    after(() => dns?.close());

    const collector = (webhookAllow: string[]) => newCollector({ webhookAllow, resolve: dns.resolve });
    const hookRule = (c: AlertCollector, url: string) => webhookRule(c, `hook ${url}`, url);

    test('without the allow list: loopback and a name resolving to a private address are refused, and logged', async () => {
      const c = await collector([]);
      const loopback = await hookRule(c, receiver.url);
      const privateName = await hookRule(c, 'http://hooks.faultline.test/hook');
      await c.send({ message: uniqueMessage('ssrf') });
      const [a, b] = [await firstAttempt(c, loopback.id), await firstAttempt(c, privateName.id)];
      assert.equal(a.status, null);
      assert.equal(a.outcome, 'retry');
      assert.match(
        a.error ?? '',
        /^refused: 127\.0\.0\.1 is loopback; list the host or a CIDR in webhookAllow/,
      );
      assert.match(
        b.error ?? '',
        /^refused: hooks\.faultline\.test resolves to 10\.20\.30\.40, which is private/,
      );
      assert.equal(receiver.received.length, 0, 'nothing reached the receiver');
    });

    test('with 127.0.0.1/32 allowed: a name is resolved at send and the connection pinned to the checked address', async () => {
      const c = await collector(['127.0.0.1/32']);
      const url = `http://pinned.faultline.test:${receiver.port}/hook`;
      await hookRule(c, url);
      await c.send({ message: uniqueMessage('pinned') });
      const [got] = await receiver.waitFor(1);
      // The system resolver knows no .test name: only the checked address can have been used.
      await assert.rejects(systemResolver('pinned.faultline.test'));
      assert.equal(got?.headers.host, `pinned.faultline.test:${receiver.port}`, 'Host stays the URL name');
    });

    test('a redirect to another address is not followed, and logged as a failed attempt', async () => {
      const c = await collector(['127.0.0.1']);
      receiver.answer = () => ({ status: 302, headers: { location: `${elsewhere.url}?stolen=1` } });
      try {
        const rule = await hookRule(c, receiver.url);
        const before = receiver.received.length;
        await c.send({ message: uniqueMessage('redirect') });
        await receiver.waitFor(before + 1);
        const attempt = await firstAttempt(c, rule.id);
        assert.equal(attempt.status, 302);
        assert.equal(attempt.outcome, 'retry');
        assert.match(attempt.error ?? '', /HTTP 302 \(a redirect; not followed\)/);
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(elsewhere.received.length, 0, 'the redirect target got nothing');
      } finally {
        receiver.answer = () => ({ status: 200 });
      }
    });

    test('the same check at rule creation: a clear AlertRuleError naming the channel', async () => {
      const policy = { allow: parseAllowList([]), resolve: dns.resolve };
      const rule = parseAlertRule({
        name: 'internal',
        trigger: { type: 'new-issue' },
        channels: [
          { type: 'email', to: ['ops@example.com'] },
          { type: 'slack', url: 'http://169.254.169.254/latest/meta-data/iam' },
        ],
      });
      await assert.rejects(checkRuleChannels(rule, policy), (e: unknown) => {
        assert.ok(e instanceof AlertRuleError);
        assert.equal(e.field, 'channels[1].url');
        assert.match(
          e.message,
          /^channels\[1\]\.url is refused: 169\.254\.169\.254 is the cloud metadata service/,
        );
        return true;
      });
      const unknownName = parseAlertRule({
        name: 'typo',
        trigger: { type: 'new-issue' },
        channels: [{ type: 'discord', url: 'https://nowhere.faultline.test/x' }],
      });
      await assert.rejects(checkRuleChannels(unknownName, policy), /could not be resolved/);
      const allowed = { allow: parseAllowList(['hooks.faultline.test']), resolve: dns.resolve };
      const internal = parseAlertRule({
        name: 'allowed host',
        trigger: { type: 'new-issue' },
        channels: [{ type: 'webhook', url: 'http://hooks.faultline.test/x' }],
      });
      await checkRuleChannels(internal, allowed);
    });
  }),
);
