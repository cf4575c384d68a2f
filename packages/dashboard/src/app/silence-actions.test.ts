/**
 * Silences over a fake API (no DOM, no network): a mute link creates nothing until Confirm
 * (a scanner that opens it mutes nothing), Cancel drops it, the Mute control creates an issue
 * silence, and the collector's 400 on the silence form lands beside the field it names.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import type { Silence, SilenceBody } from '../api/silence-types.js';
import type { Issue } from '../api/types.js';
import { createController } from './controller.js';

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

const issue = {
  id: 42,
  projectId: 3,
  title: 'TypeError',
  culprit: 'pay',
  level: 'error',
  status: 'unresolved',
  regressed: false,
  firstSeen: '2026-12-07T09:00:00.000Z',
  lastSeen: '2026-12-07T09:00:00.000Z',
  count: 1,
  usersAffected: 0,
  releases: [],
  environments: [],
} satisfies Issue;

const silence = (id: number, body: SilenceBody): Silence => ({
  id,
  projectId: 3,
  matchers: body.matchers,
  startsAt: '2026-12-07T10:00:00.000Z',
  endsAt: 'endsAt' in body ? String(body.endsAt) : null,
  untilResolved: 'untilResolved' in body,
  comment: body.comment ?? null,
  createdBy: 'ada@example.com',
  endedAt: null,
  active: true,
});

/** An API where anything not given fails the test that calls it; `created` records the POSTs. */
function fakeApi(given: Partial<ApiClient>, created: [number, SilenceBody][]): ApiClient {
  const held: Silence[] = [];
  const base: Partial<ApiClient> = {
    session: async () => ({
      csrfToken: 'c',
      expiresAt: '',
      user: 'ada@example.com',
      scopes: ['admin'],
      projectId: null,
    }),
    listProjects: async () => ({ items: [] }),
    getIssue: async () => ({ ...issue, latestEvent: null }),
    listEvents: async () => ({ items: [], nextCursor: null }),
    projectAlerts: async () => ({ items: [] }),
    listAlertRules: async () => ({ items: [] }),
    listSilences: async () => ({ items: [...held] }),
    async createSilence(projectId, body) {
      created.push([projectId, body]);
      const s = silence(held.length + 1, body);
      held.push(s);
      return s;
    },
    ...given,
  };
  return new Proxy(base, {
    get(target, name: string) {
      const fn = target[name as keyof ApiClient] as ((...args: unknown[]) => unknown) | undefined;
      return (...args: unknown[]) => (fn ? fn(...args) : Promise.reject(new Error(`${name} not expected`)));
    },
  }) as ApiClient;
}

async function open(path: string, given: Partial<ApiClient> = {}) {
  const created: [number, SilenceBody][] = [];
  const pushed: string[] = [];
  const [pathname, search] = path.split('?') as [string, string | undefined];
  const controller = createController(
    fakeApi(given, created),
    {
      location: { pathname, search: search ? `?${search}` : '' },
      history: { pushState: (_d: unknown, _u: string, url: string) => void pushed.push(url) },
    },
    () => undefined,
  );
  await controller.start();
  await settle();
  return { controller, created, pushed };
}

test('a mute link only asks: nothing is created until Confirm, then an issue silence for 1 h', async () => {
  const { controller, created, pushed } = await open('/issues/42?mute=1h');
  assert.equal(controller.state.route.name === 'issue' && controller.state.route.mute, '1h');
  assert.equal(created.length, 0, 'opening the link (a mail scanner, a chat preview) mutes nothing');
  const before = Date.now();
  controller.actions.confirmMute(true);
  await settle();
  assert.equal(created.length, 1);
  const [projectId, body] = created[0] as [number, SilenceBody];
  assert.equal(projectId, 3, "the issue's project");
  assert.deepEqual(body.matchers, { issueId: 42 });
  assert.ok('endsAt' in body);
  const ends = Date.parse(String(body.endsAt)) - before;
  assert.ok(ends >= 3_600_000 && ends < 3_600_000 + 60_000, `ends in about 1 h: ${ends} ms`);
  // The question is gone and the URL no longer carries it: a reload asks nothing.
  assert.deepEqual(pushed, ['/issues/42']);
  assert.equal(controller.state.route.name === 'issue' && controller.state.route.mute, undefined);
  assert.match(controller.state.flash ?? '', /muted for 1 h/);
  assert.deepEqual(
    controller.state.silences.data?.items.map((s) => s.id),
    [1],
  );
});

test('Cancel on a mute link creates nothing and drops the question', async () => {
  const { controller, created, pushed } = await open('/issues/42?mute=untilResolved');
  controller.actions.confirmMute(false);
  await settle();
  assert.deepEqual(created, []);
  assert.deepEqual(pushed, ['/issues/42']);
});

test('an unknown mute value asks nothing', async () => {
  const { controller } = await open('/issues/42?mute=forever');
  assert.equal(controller.state.route.name === 'issue' && controller.state.route.mute, undefined);
});

test('the Mute control silences the issue until it is resolved', async () => {
  const { controller, created } = await open('/issues/42');
  controller.actions.muteIssue(42, 'untilResolved');
  await settle();
  assert.deepEqual(created, [[3, { matchers: { issueId: 42 }, untilResolved: true }]]);
  assert.equal(controller.state.silenceUi.muteBusy, false);
});

test('a refused mute says why on the issue page', async () => {
  const { controller } = await open('/issues/42', {
    createSilence: () =>
      Promise.reject(
        new ApiError(400, 'Bad Request', 'POST', '/x', 'untilResolved', 'issue 42 is already resolved'),
      ),
  });
  controller.actions.muteIssue(42, 'untilResolved');
  await settle();
  assert.equal(controller.state.silenceUi.muteError, 'issue 42 is already resolved');
});

test("the silence form: the collector's 400 shows beside the field it names, what was typed stays", async () => {
  const { controller } = await open('/alerts?project=3', {
    createSilence: () =>
      Promise.reject(
        new ApiError(400, 'Bad Request', 'POST', '/x', 'matchers.issueId', 'issue 9 is not in project 3'),
      ),
  });
  controller.actions.newSilence();
  controller.actions.editSilenceForm({ issueId: '9', comment: 'deploy' });
  controller.actions.saveSilence();
  await settle();
  const editor = controller.state.silenceUi.editor;
  assert.deepEqual(editor?.errors, { 'matchers.issueId': 'issue 9 is not in project 3' });
  assert.equal(editor?.form.comment, 'deploy');
  assert.equal(editor?.busy, false);
});
