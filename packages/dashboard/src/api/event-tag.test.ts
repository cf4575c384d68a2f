import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barWidth, sameTag, shareLabel, tagFromParam, tagParam } from './event-tag.js';

test("a facet's share reads as a whole percent, never 0 % nor 100 % for a part", () => {
  assert.equal(shareLabel(0.375), '38 %');
  assert.equal(shareLabel(1 / 3), '33 %');
  assert.equal(shareLabel(0.5), '50 %');
  assert.equal(shareLabel(0.004), '<1 %');
  assert.equal(shareLabel(0.996), '>99 %');
  assert.equal(shareLabel(1), '100 %');
  assert.equal(shareLabel(0), '0 %');
  assert.equal(shareLabel(Number.NaN), '0 %');
});

test("a bar's width is its share of the key's total, a sliver at least, 100% at most", () => {
  assert.equal(barWidth(0.5), '50%');
  assert.equal(barWidth(1 / 3), '33.3%');
  assert.equal(barWidth(0.0001), '0.5%');
  assert.equal(barWidth(1), '100%');
  assert.equal(barWidth(2), '100%');
  assert.equal(barWidth(0), '0%');
  assert.equal(barWidth(-1), '0%');
});

test('the tag filter is spelled as the collector reads it, and read back', () => {
  const tag = { key: 'route', value: 'GET /a:b' };
  assert.equal(tagParam(tag), 'route:GET /a:b');
  assert.deepEqual(tagFromParam(tagParam(tag)), tag);
  assert.deepEqual(tagFromParam('os:'), { key: 'os', value: '' });
  assert.equal(tagFromParam(':x'), undefined);
  assert.equal(tagFromParam('novalue'), undefined);
  assert.equal(tagFromParam(null), undefined);
  assert.ok(sameTag(tag, { ...tag }));
  assert.ok(!sameTag(tag, { ...tag, value: 'GET /a' }));
  assert.ok(sameTag(undefined, undefined));
  assert.ok(!sameTag(tag, undefined));
});
