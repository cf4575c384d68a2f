/** A project without events: the DSN and the five lines that send the first one. */

import { html } from 'lit-html';
import type { AppState } from '../app/app-state.js';

export function snippet(dsn: string): string {
  return [
    'npm install @sentry/node',
    "import * as Sentry from '@sentry/node';",
    `Sentry.init({ dsn: '${dsn}' });`,
    "setTimeout(() => { throw new Error('My first Faultline error'); });",
    '// run it, then reload this page',
  ].join('\n');
}

export function emptyView(state: AppState) {
  const keys = state.keys.data?.items;
  const dsn = keys
    ? (keys.find((k) => k.enabled)?.dsn ?? '(no enabled DSN: add one on the Settings page)')
    : '(loading the DSN…)';
  return html`<section class="empty" data-testid="empty-state">
    <h2>No issues yet</h2>
    <p>Point an SDK at this collector. The project's DSN:</p>
    <pre data-testid="dsn">${dsn}</pre>
    <p>Five lines with <code>@sentry/node</code>:</p>
    <pre>${snippet(dsn)}</pre>
  </section>`;
}
