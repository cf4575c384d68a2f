/** Digest through a real SQLite store: grouping, fingerprints, counters, attachments. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { digest } from '../src/digest/digest.js';
import { MAX_STORED_ATTACHMENT_BYTES } from '../src/limits.js';
import type { ProjectId } from '../src/store/ids.js';
import type { Store } from '../src/store/store.js';
import { batch, bugEvent, ingestEvent } from './digest-fixtures.js';
import { tempStore } from './digest-sqlite.js';

describe('digest', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ store, dispose } = await tempStore());
  });
  after(() => dispose());

  const project = async () => (await store.createProject('digest')).id;
  const issues = (projectId: ProjectId) => store.listIssues({ projectId, sort: 'count', limit: 50 });
  const run = (b: Parameters<typeof digest>[1]) => store.write((tx) => digest(tx, b));

  it('groups the same bug across line numbers and deploy roots into one issue', async () => {
    const projectId = await project();
    await run(batch(projectId, [bugEvent({ line: 0, root: '/srv/releases/100' })]));
    await run(batch(projectId, [bugEvent({ line: 37, root: 'C:\\deploy\\build-7' })]));
    await run(
      batch(projectId, [
        bugEvent({ line: 3, value: "Cannot read properties of undefined (reading 'name')" }),
      ]),
    );
    const page = await issues(projectId);
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0]?.count, 3);
  });

  it('splits two different bugs into two issues', async () => {
    const projectId = await project();
    const result = await run(batch(projectId, [bugEvent({ fn: 'loadUser' }), bugEvent({ fn: 'saveOrder' })]));
    assert.equal(result.newIssues.length, 2);
    assert.equal((await issues(projectId)).items.length, 2);
  });

  it('honours an SDK fingerprint, and `{{ default }}` inside it', async () => {
    const projectId = await project();
    const custom = ['payment-gateway-down'];
    await run(
      batch(projectId, [
        bugEvent({ fn: 'a' }, { fingerprint: custom }),
        bugEvent({ fn: 'b', type: 'RangeError' }, { fingerprint: custom }),
      ]),
    );
    assert.deepEqual(
      (await issues(projectId)).items.map((i) => i.count),
      [2],
    );
    const perRoute = ['{{ default }}', '{{ transaction }}'];
    await run(
      batch(projectId, [
        bugEvent({ fn: 'c' }, { fingerprint: perRoute, transaction: 'GET /a' }),
        bugEvent({ fn: 'c' }, { fingerprint: perRoute, transaction: 'GET /a' }),
        bugEvent({ fn: 'c' }, { fingerprint: perRoute, transaction: 'GET /b' }),
        bugEvent({ fn: 'd' }, { fingerprint: perRoute, transaction: 'GET /a' }),
      ]),
    );
    assert.deepEqual(
      (await issues(projectId)).items.map((i) => i.count),
      [2, 2, 1, 1],
    );
  });

  it('groups message events by their normalized template', async () => {
    const projectId = await project();
    await run(
      batch(projectId, [
        { message: 'User 42 not found', level: 'warning' },
        { message: 'User 43 not found' },
        { logentry: { message: 'Order %s failed', formatted: 'Order 7 failed' } },
        { logentry: { message: 'Order %s failed', formatted: 'Order 8 failed', params: ['8'] } },
        { logentry: { message: 'Order %s failed', formatted: 'Order 9 failed' } },
        { message: 'Disk full' },
      ]),
    );
    const page = await issues(projectId);
    assert.deepEqual(
      page.items.map((i) => [i.title, i.count]),
      [
        ['Order <int> failed', 3],
        ['User <int> not found', 2],
        ['Disk full', 1],
      ],
    );
  });

  it('updates title, culprit and level from the newest event', async () => {
    const projectId = await project();
    const t = Date.now() / 1000 - 100;
    await run(batch(projectId, [{ message: 'Disk full', level: 'warning', timestamp: t }]));
    await run(batch(projectId, [{ message: 'Disk full', level: 'fatal', timestamp: t + 10 }]));
    await run(batch(projectId, [{ message: 'Disk full', level: 'info', timestamp: t - 10 }]));
    const [issue] = (await issues(projectId)).items;
    assert.equal(issue?.level, 'fatal');
    assert.equal(issue?.firstSeen, Math.round((t - 10) * 1000));
    assert.equal(issue?.lastSeen, Math.round((t + 10) * 1000));
  });

  it('stores attachments up to the bound and counts the rest as dropped', async () => {
    const projectId = await project();
    const event = ingestEvent(bugEvent());
    const attachment = (size: number) => ({
      eventId: event.eventId,
      filename: 'log.txt',
      contentType: 'text/plain',
      attachmentType: 'event.attachment',
      bytes: new Uint8Array(size),
    });
    const receivedAt = Date.now();
    await run(
      batch(projectId, [event], {
        receivedAt,
        attachments: [attachment(10), attachment(MAX_STORED_ATTACHMENT_BYTES + 1)],
      }),
    );
    const counts = await store.discardCounts({
      projectId,
      from: receivedAt - 60_000,
      to: receivedAt + 60_000,
    });
    assert.deepEqual(
      counts.map((c) => [c.reason, c.category, c.quantity]),
      [['attachment_too_large', 'attachment', 1]],
    );
  });

  it('ignores malformed session and client-report items instead of failing the batch', async () => {
    const projectId = await project();
    const receivedAt = Date.now();
    await run(
      batch(projectId, [], {
        receivedAt,
        sessions: [{ started: 'garbage', attrs: {} as never }],
        sessionAggregates: [{ aggregates: 'nope' as never, attrs: { release: 'r' } }],
        clientReports: [
          { discarded_events: [{ reason: 'x', category: 'error', quantity: -5 }] },
          {} as never,
        ],
      }),
    );
    const range = { projectId, from: receivedAt - 120_000, to: receivedAt + 120_000 };
    assert.deepEqual(await store.sessionCounts(range), []);
    assert.deepEqual(await store.discardCounts(range), []);
  });
});
