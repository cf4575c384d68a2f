/**
 * The browser entry: one controller, one render loop. lit-html re-renders only what changed,
 * and renders every interpolated value as text, never as HTML.
 */

import 'uplot/dist/uPlot.min.css';
import { render } from 'lit-html';
import { createApiClient } from './api/client.js';
import { createController } from './app/controller.js';
import { keyCommand } from './app/keyboard.js';
import { appView } from './views/app-view.js';

const root = document.getElementById('app') as HTMLElement;
let scheduled = false;

/** Keyboard navigation moves DOM focus to the row's link, so focus is visible and Enter opens it. */
function applyFocus(row: number | undefined) {
  if (row === undefined) return;
  const link = root.querySelector<HTMLElement>(
    `[data-testid="issue-row"][data-index="${row}"] [data-testid="issue-link"]`,
  );
  link?.focus();
  link?.scrollIntoView({ block: 'nearest' });
}

const controller = createController(
  createApiClient(),
  { location: window.location, history: window.history, clipboard: navigator.clipboard },
  () => {
    // Several state changes in one task render once.
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      render(appView(controller.state, controller.actions), root);
      applyFocus(controller.takeFocusRequest());
    });
  },
);
window.addEventListener('popstate', () => controller.popState());
window.addEventListener('keydown', (e) => {
  const target = e.target instanceof HTMLElement ? e.target : document.body;
  const command = keyCommand({
    key: e.key,
    altKey: e.altKey,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    targetTag: target.tagName,
    targetEditable: target.isContentEditable,
  });
  if (command && controller.actions.key(command)) e.preventDefault();
});
root.textContent = '';
render(appView(controller.state, controller.actions), root);
void controller.start();
