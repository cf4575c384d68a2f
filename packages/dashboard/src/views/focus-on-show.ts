/**
 * Moves keyboard focus to an element when it first appears (the rule form's first field, the
 * delete confirmation's safe button), so a keyboard user lands where the page changed. One
 * stable callback: lit-html calls a `ref` again only when the callback itself changes, so
 * focus is not taken back on every render. Not the `autofocus` attribute, which the hostile
 * tests treat as injected.
 */

import { ref } from 'lit-html/directives/ref.js';

function focusElement(el: Element | undefined): void {
  // lit-html fills a new template's parts before it inserts the fragment: focus once it is in.
  if (el instanceof HTMLElement) queueMicrotask(() => el.focus());
}

/** @example html`<input ${focusOnShow} />` */
export const focusOnShow = ref(focusElement);
