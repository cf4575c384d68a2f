/**
 * The browser entry: one controller, one render loop. lit-html re-renders only what changed,
 * and renders every interpolated value as text, never as HTML.
 */

import { render } from 'lit-html';
import { createApiClient } from './api/client.js';
import { createController } from './app/controller.js';
import { appView } from './views/app-view.js';

const root = document.getElementById('app') as HTMLElement;
let scheduled = false;
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
    });
  },
);
window.addEventListener('popstate', () => controller.popState());
root.textContent = '';
render(appView(controller.state, controller.actions), root);
void controller.start();
