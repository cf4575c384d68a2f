/**
 * The Alerts page's behaviour over a fake API (no DOM, no network): the collector's 400 lands
 * beside the field it names, a new webhook's secret is shown once and gone after leaving the
 * page, Delete waits for the confirmation, Test keeps each channel's outcome.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertRule } from '../api/alert-types.js';
import { ApiError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import { createController } from './controller.js';

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

const rule: AlertRule = {
  id: 9,
  projectId: 1,
  name: 'New 500s',
  trigger: { type: 'new-issue' },
  filters: {},
  channels: [
    { id: 'ch_0123456789abcdef', type: 'webhook', url: 'https://ops.example.com/h', secret: 'whsec_AbCd…' },
  ],
  actionIntervalMinutes: 30,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** An API where anything not given fails the test that calls it. */
function fakeApi(given: Partial<ApiClient>, calls: string[]): ApiClient {
  const base: Partial<ApiClient> = {
    session: async () => ({ csrfToken: 'c', expiresAt: '', user: null, scopes: ['admin'], projectId: null }),
    listProjects: async () => ({ items: [] }),
    listAlertRules: async () => ({ items: [rule] }),
    projectAlerts: async () => ({ items: [] }),
    alertDeliveries: async () => ({ items: [] }),
    alertEvaluations: async () => ({ items: [], nextCursor: null }),
    listSilences: async () => ({ items: [] }),
    ...given,
  };
  return new Proxy(base, {
    get(target, name: string) {
      const fn = target[name as keyof ApiClient] as ((...args: unknown[]) => unknown) | undefined;
      return (...args: unknown[]) => {
        calls.push(`${name} ${JSON.stringify(args)}`);
        return fn ? fn(...args) : Promise.reject(new Error(`${name} not expected`));
      };
    },
  }) as ApiClient;
}

async function open(given: Partial<ApiClient>, path = '/alerts') {
  const calls: string[] = [];
  const pushed: string[] = [];
  const [pathname, search] = path.split('?') as [string, string | undefined];
  const controller = createController(
    fakeApi(given, calls),
    {
      location: { pathname, search: search ? `?${search}` : '' },
      history: { pushState: (_d: unknown, _u: string, url: string) => void pushed.push(url) },
    },
    () => undefined,
  );
  await controller.start();
  await settle();
  return { controller, calls, pushed };
}

test("a refused save shows the collector's message beside the field it names, and keeps the form", async () => {
  const { controller } = await open({
    createAlertRule: () =>
      Promise.reject(
        new ApiError(
          400,
          'Bad Request: channels[0].to[1] is an email address',
          'POST',
          '/x',
          'channels[0].to[1]',
          'channels[0].to[1] is an email address',
        ),
      ),
  });
  const { actions } = controller;
  actions.newAlertRule();
  actions.editAlertForm({ name: 'Mail ops' });
  actions.editAlertChannel(0, { type: 'email', to: 'ops@example.com\nnot-an-address' });
  actions.saveAlertRule();
  await settle();
  const editor = controller.state.alerts.editor;
  assert.deepEqual(editor?.errors, { 'channels[0].to': 'channels[0].to[1] is an email address' });
  assert.equal(editor?.busy, false);
  assert.equal(editor?.form.name, 'Mail ops', 'what was typed stays');
  // A refusal without a field (a conflict) shows at the top of the form.
  const conflict = await open({
    createAlertRule: () =>
      Promise.reject(new ApiError(409, 'Conflict: too many', 'POST', '/x', undefined, 'too many')),
  });
  conflict.controller.actions.newAlertRule();
  conflict.controller.actions.saveAlertRule();
  await settle();
  assert.deepEqual(conflict.controller.state.alerts.editor?.errors, { form: 'too many' });
});

test("a new webhook's secret is shown once: on the saved rule's page, not after leaving it", async () => {
  const secret = `whsec_${'A'.repeat(32)}`;
  const created = {
    ...rule,
    id: 12,
    channels: [{ ...rule.channels[0], secret } as AlertRule['channels'][number]],
  };
  const { controller, calls, pushed } = await open({ createAlertRule: async () => created });
  controller.actions.newAlertRule();
  controller.actions.editAlertChannel(0, { url: 'https://ops.example.com/h' });
  controller.actions.saveAlertRule();
  await settle();
  assert.ok(
    calls.some((c) => c.startsWith('createAlertRule [1,')),
    'posted to the project shown',
  );
  assert.equal(pushed.at(-1), '/alerts?rule=12');
  assert.deepEqual(controller.state.alerts.secrets, {
    ruleId: 12,
    channels: [{ url: 'https://ops.example.com/h', secret }],
  });
  assert.equal(controller.state.alerts.editor, undefined);
  controller.actions.navigate('/alerts');
  assert.equal(controller.state.alerts.secrets, undefined);
});

test('Delete waits for the confirmation; "keep" sends nothing', async () => {
  const { controller, calls } = await open({ deleteAlertRule: async () => undefined });
  const { actions } = controller;
  actions.askDeleteAlertRule(9);
  assert.equal(controller.state.alerts.confirmDelete, 9);
  actions.confirmDeleteAlertRule(false);
  assert.equal(controller.state.alerts.confirmDelete, undefined);
  assert.ok(!calls.some((c) => c.startsWith('deleteAlertRule')));
  actions.askDeleteAlertRule(9);
  actions.confirmDeleteAlertRule(true);
  await settle();
  assert.ok(calls.includes('deleteAlertRule [9]'));
  assert.equal(controller.state.flash, 'Alert rule deleted');
});

test("Test keeps each channel's outcome; the rule's page loads its logs", async () => {
  const result = {
    channelId: 'ch_0123456789abcdef',
    channelType: 'webhook' as const,
    notificationId: 3,
    webhookId: 'msg_3',
    outcome: 'delivered' as const,
    status: 200,
    latencyMs: 4,
    responseExcerpt: 'ok',
    error: null,
  };
  const { controller, calls } = await open(
    { testAlertRule: async () => ({ items: [result] }) },
    '/alerts?rule=9',
  );
  assert.ok(calls.includes('alertDeliveries [9]') && calls.includes('alertEvaluations [9]'));
  controller.actions.testAlertRule(9);
  assert.equal(controller.state.alerts.test?.busy, true);
  await settle();
  assert.deepEqual(controller.state.alerts.test, {
    ruleId: 9,
    busy: false,
    results: [result],
    error: undefined,
  });
});
