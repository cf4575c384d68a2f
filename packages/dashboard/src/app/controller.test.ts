/**
 * The controller over a fake API (no DOM, no network): keyboard cursor and focus requests,
 * bulk status changes with a failure, the event pager across two pages, settings validation.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiClient } from '../api/client.js';
import type {
  EventRecord,
  EventSummary,
  Issue,
  IssueStatus,
  Page,
  Project,
  ProjectSettings,
} from '../api/types.js';
import { EVENTS_PAGE_SIZE } from '../limits.js';
import type { AppState } from './app-state.js';
import { createController } from './controller.js';

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

const issue = (id: number): Issue => ({
  id,
  projectId: 1,
  title: `Issue ${id}`,
  culprit: '',
  level: 'error',
  status: 'unresolved',
  regressed: false,
  firstSeen: '2026-01-01T00:00:00Z',
  lastSeen: '2026-01-01T00:00:00Z',
  count: 1,
  usersAffected: 0,
  releases: [],
  environments: [],
});

const summary = (n: number) => ({ eventId: `e${n}`, issueId: 7 }) as EventSummary;

function fakeApi(overrides: Partial<ApiClient> = {}) {
  const calls: string[] = [];
  const unused = (name: string) => () => Promise.reject(new Error(`${name} not expected`));
  const api: ApiClient = {
    login: unused('login'),
    session: async () => ({ csrfToken: 'c', expiresAt: '', user: 'ada@example.com' }),
    logout: unused('logout'),
    listIssues: async () => ({ items: [issue(1), issue(2), issue(3)], nextCursor: null }),
    getIssue: async (id) => ({ ...issue(id), count: 60, latestEvent: null }),
    updateIssue: async (id, status: IssueStatus) => {
      calls.push(`update ${id} ${status}`);
      return issue(id);
    },
    incident: unused('incident'),
    listKeys: async () => ({ items: [] }),
    createKey: unused('createKey'),
    listProjects: async () => ({ items: [] as Project[] }),
    createProject: unused('createProject'),
    updateProject: async (id, settings: Partial<ProjectSettings>) => {
      calls.push(`project ${id} ${JSON.stringify(settings)}`);
      return {} as Project;
    },
    listEvents: unused('listEvents'),
    getEvent: async (eventId) => ({ eventId, issueId: 7, payload: {} }) as unknown as EventRecord,
    rates: unused('rates'),
    releases: unused('releases'),
    trace: unused('trace'),
    ...overrides,
  };
  return { api, calls };
}

function start(api: ApiClient, path = '/issues') {
  const pushed: string[] = [];
  const env = {
    location: {
      pathname: path.split('?')[0] as string,
      search: path.includes('?') ? `?${path.split('?')[1]}` : '',
    },
    history: { pushState: (_d: unknown, _u: string, url: string) => void pushed.push(url) },
  };
  const controller = createController(api, env, () => undefined);
  return { controller, pushed };
}

test('keyboard: j moves the cursor and asks for focus once, x ticks, Enter opens', async () => {
  const { api } = fakeApi();
  const { controller, pushed } = start(api);
  await controller.start();
  await settle();
  const { actions } = controller;
  assert.equal(actions.key('next'), true);
  assert.equal(controller.state.cursor, 0);
  assert.equal(controller.takeFocusRequest(), 0);
  assert.equal(controller.takeFocusRequest(), undefined, 'focus is requested once');
  actions.key('next');
  actions.key('next');
  actions.key('next');
  assert.equal(controller.state.cursor, 2, 'clamped to the last row');
  actions.key('previous');
  assert.equal(actions.key('toggle'), true);
  assert.deepEqual(controller.state.selected, [2]);
  actions.key('open');
  assert.deepEqual(pushed, ['/issues/2']);
  assert.equal(controller.state.route.name, 'issue');
  assert.equal(actions.key('next'), false, 'no list on the issue page');
  assert.deepEqual(controller.state.selected, [], 'a new page starts with nothing ticked');
});

test('bulk: every ticked issue changes; what failed stays ticked and is named', async () => {
  const { api, calls } = fakeApi({
    updateIssue: async (id, status) => {
      if (id === 2) throw new Error('boom');
      calls.push(`update ${id} ${status}`);
      return issue(id);
    },
  });
  const { controller } = start(api);
  await controller.start();
  await settle();
  controller.actions.selectAll(true);
  assert.deepEqual(controller.state.selected, [1, 2, 3]);
  controller.actions.bulkSetStatus('ignored');
  assert.equal(controller.state.bulkBusy, true);
  await settle();
  assert.deepEqual(calls.sort(), ['update 1 ignored', 'update 3 ignored']);
  assert.equal(controller.state.bulkBusy, false);
  assert.deepEqual(controller.state.selected, [2]);
  assert.equal(controller.state.flash, '2 issues set to ignored');
  assert.match(controller.state.notice ?? '', /1 of 3 could not be changed: boom/);
});

test('pager: past the loaded page it loads the next one and keeps both while stepping', async () => {
  const pages: Record<string, Page<EventSummary>> = {
    first: { items: Array.from({ length: EVENTS_PAGE_SIZE }, (_, i) => summary(i)), nextCursor: 'c2' },
    c2: { items: [summary(50), summary(51)], nextCursor: null },
  };
  const listed: string[] = [];
  const { api } = fakeApi({
    listEvents: async (_issueId, cursor) => {
      listed.push(cursor ?? 'first');
      return pages[cursor ?? 'first'] as Page<EventSummary>;
    },
  });
  const { controller, pushed } = start(api, `/issues/7?event=e${EVENTS_PAGE_SIZE - 1}`);
  await controller.start();
  await settle();
  controller.actions.olderEvent();
  await settle();
  assert.deepEqual(listed, ['first', 'c2']);
  assert.deepEqual(pushed, ['/issues/7?event=e50']);
  assert.equal(controller.state.events.data?.items.length, 52, 'both pages kept after stepping');
  controller.actions.olderEvent();
  await settle();
  assert.deepEqual(pushed.at(-1), '/issues/7?event=e51');
  controller.actions.olderEvent();
  await settle();
  assert.equal(pushed.length, 2, 'no event older than the last');
  assert.deepEqual(listed, ['first', 'c2'], 'no reload while paging one issue');
});

test('settings: a bad rate limit is named and nothing is sent; a good form is sent parsed', async () => {
  const { api, calls } = fakeApi();
  const { controller } = start(api, '/settings');
  await controller.start();
  await settle();
  controller.actions.saveSettings(1, { allowedOrigins: '', rateLimitPerMinute: 'lots', scrubKeys: '' });
  assert.match(controller.state.notice ?? '', /rate limit/);
  assert.deepEqual(calls, []);
  controller.actions.saveSettings(1, {
    allowedOrigins: 'https://a.example\n',
    rateLimitPerMinute: '60',
    scrubKeys: 'ssn',
  });
  await settle();
  assert.deepEqual(calls, [
    'project 1 {"allowedOrigins":["https://a.example"],"rateLimitPerMinute":60,"scrubKeys":["ssn"]}',
  ]);
  assert.equal(controller.state.flash, 'Settings saved');
});

test('the issue list is requested alongside the session check, not after it', async () => {
  const order: string[] = [];
  let answerSession: (() => void) | undefined;
  const { api } = fakeApi({
    session: () =>
      new Promise((resolve) => {
        order.push('session asked');
        answerSession = () => {
          order.push('session answered');
          resolve({ csrfToken: 'c', expiresAt: '', user: null });
        };
      }),
    listIssues: async () => {
      order.push('issues asked');
      return { items: [issue(1)], nextCursor: null };
    },
  });
  const { controller } = start(api, '/issues?q=timeout');
  const started = controller.start();
  await settle();
  assert.deepEqual(order, ['issues asked', 'session asked'], 'both out before any answer');
  assert.equal(controller.state.auth, 'checking');
  answerSession?.();
  await started;
  await settle();
  assert.deepEqual(order, ['issues asked', 'session asked', 'session answered'], 'asked once');
  assert.equal(controller.state.auth, 'signed-in');
  assert.deepEqual(
    controller.state.issues.data?.items.map((i) => i.id),
    [1],
  );
});

test('without a session the early list answer is dropped; logging in asks again', async () => {
  let asked = 0;
  const { api } = fakeApi({
    session: async () => undefined,
    login: async () => ({ csrfToken: 'c', expiresAt: '', user: null }),
    listIssues: async () => {
      asked++;
      if (asked === 1) throw new Error('401 Unauthorized');
      return { items: [issue(4)], nextCursor: null };
    },
  });
  const { controller } = start(api);
  await controller.start();
  await settle();
  assert.equal(controller.state.auth, 'signed-out');
  assert.equal(controller.state.issues.status, 'pending');
  assert.equal(controller.state.issues.fetchStatus, 'idle', 'nothing shown as loading');
  assert.equal(controller.state.login.error, undefined, "the list's 401 is not the login's error");
  controller.actions.login({ token: 't' });
  await settle();
  assert.equal(asked, 2);
  const after: AppState = controller.state;
  assert.deepEqual(
    after.issues.data?.items.map((i) => i.id),
    [4],
  );
});

test('other pages do not ask for the issue list on start', async () => {
  let asked = 0;
  const { api } = fakeApi({
    listIssues: async () => {
      asked++;
      return { items: [], nextCursor: null };
    },
  });
  const { controller } = start(api, '/settings');
  await controller.start();
  await settle();
  assert.equal(asked, 0);
});
