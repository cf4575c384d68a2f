import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialQuery, phaseOf, queryReducer } from './query-state.js';

test('loading and refreshing are different phases; an error keeps the last data', () => {
  let s = initialQuery<number>();
  assert.equal(phaseOf(s), 'idle');
  s = queryReducer(s, { type: 'fetch' });
  assert.equal(phaseOf(s), 'loading');
  s = queryReducer(s, { type: 'success', data: 1 });
  assert.deepEqual(s, { status: 'success', fetchStatus: 'idle', data: 1 });
  s = queryReducer(s, { type: 'fetch' });
  assert.equal(phaseOf(s), 'refreshing');
  assert.equal(s.data, 1);
  s = queryReducer(s, { type: 'error', error: 'boom' });
  assert.equal(phaseOf(s), 'error');
  assert.equal(s.data, 1);
  assert.deepEqual(queryReducer(s, { type: 'reset' }), initialQuery());
});
