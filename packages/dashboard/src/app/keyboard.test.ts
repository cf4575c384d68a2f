import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyCommand, moveCursor } from './keyboard.js';

const key = (k: string, extra: Partial<Parameters<typeof keyCommand>[0]> = {}) =>
  keyCommand({
    key: k,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    targetTag: 'BODY',
    targetEditable: false,
    ...extra,
  });

test('keys: j/k/Enter/o/x on the page; nothing while typing or with modifiers', () => {
  assert.deepEqual(
    ['j', 'k', 'Enter', 'o', 'x', 'q'].map((k) => key(k)),
    ['next', 'previous', 'open', 'open', 'toggle', undefined],
  );
  assert.equal(key('j', { targetTag: 'INPUT' }), undefined);
  assert.equal(key('j', { targetTag: 'DIV', targetEditable: true }), undefined);
  assert.equal(key('j', { ctrlKey: true }), undefined);
  assert.equal(key('Enter', { targetTag: 'A' }), undefined, 'the link opens itself');
  assert.equal(key('j', { targetTag: 'A' }), 'next');
  assert.equal(key('constructor'), undefined);
});

test('the cursor moves within the list', () => {
  assert.equal(moveCursor(-1, 'next', 3), 0);
  assert.equal(moveCursor(-1, 'previous', 3), 2);
  assert.equal(moveCursor(2, 'next', 3), 2);
  assert.equal(moveCursor(0, 'previous', 3), 0);
  assert.equal(moveCursor(1, 'next', 3), 2);
  assert.equal(moveCursor(0, 'next', 0), -1);
});
