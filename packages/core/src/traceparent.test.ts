import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ParseError } from './errors.js';
import { MAX_TRACESTATE_MEMBERS } from './limits.js';
import {
  formatTraceparent,
  generateSpanId,
  generateTraceId,
  parseTraceparent,
  parseTracestate,
} from './traceparent.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceparent: valid (W3C examples and test suite)', () => {
  test('the spec example, sampled', () => {
    assert.deepEqual(parseTraceparent(`00-${TRACE}-${SPAN}-01`), {
      version: '00',
      traceId: TRACE,
      parentId: SPAN,
      flags: 1,
      sampled: true,
    });
  });

  test('not sampled, and unknown flag bits kept in flags', () => {
    const tp = parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00');
    assert.equal(tp?.sampled, false);
    assert.equal(tp?.flags, 0);
    const other = parseTraceparent(`00-${TRACE}-${SPAN}-fe`);
    assert.equal(other?.flags, 0xfe);
    assert.equal(other?.sampled, false);
    assert.equal(parseTraceparent(`00-${TRACE}-${SPAN}-03`)?.sampled, true);
  });

  test('surrounding spaces and tabs are trimmed (HTTP OWS)', () => {
    assert.equal(parseTraceparent(` \t00-${TRACE}-${SPAN}-01 \t`)?.traceId, TRACE);
  });

  test('a future version is read by its first four fields', () => {
    const tp = parseTraceparent(`cc-${TRACE}-${SPAN}-01-what-the-future-will-be-like`);
    assert.equal(tp?.version, 'cc');
    assert.equal(tp?.parentId, SPAN);
    assert.equal(tp?.sampled, true);
    assert.equal(parseTraceparent(`01-${TRACE}-${SPAN}-00`)?.version, '01');
  });
});

describe('parseTraceparent: invalid gives null', () => {
  const cases: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['empty', ''],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['version 00 with an extra field', `00-${TRACE}-${SPAN}-01-extra`],
    ['version 00 with a trailing dash', `00-${TRACE}-${SPAN}-01-`],
    ['future version followed by garbage, not a dash', `cc-${TRACE}-${SPAN}-01.what-the-future`],
    ['upper-case trace id', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['upper-case parent id', `00-${TRACE}-00F067AA0BA902B7-01`],
    ['upper-case version', `0A-${TRACE}-${SPAN}-01`],
    ['upper-case flags', `00-${TRACE}-${SPAN}-0A`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['trace id too short', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['trace id too long', `00-${TRACE}0-${SPAN}-01`],
    ['parent id too short', `00-${TRACE}-${SPAN.slice(1)}-01`],
    ['flags of one char', `00-${TRACE}-${SPAN}-1`],
    ['flags of three chars', `00-${TRACE}-${SPAN}-011`],
    ['non-hex trace id', `00-${TRACE.slice(0, 31)}g-${SPAN}-01`],
    ['non-hex version', `0g-${TRACE}-${SPAN}-01`],
    ['missing dashes', `00${TRACE}${SPAN}01`],
    ['underscores instead of dashes', `00_${TRACE}_${SPAN}_01`],
    ['leading garbage', `x00-${TRACE}-${SPAN}-01`],
    ['trailing garbage', `00-${TRACE}-${SPAN}-01x`],
    ['inner whitespace', `00- ${TRACE}-${SPAN}-01`],
    ['two headers joined by a comma', `00-${TRACE}-${SPAN}-01,00-${TRACE}-${SPAN}-01`],
    ['over-long future version', `cc-${TRACE}-${SPAN}-01-${'a'.repeat(1000)}`],
    ['a number', 42],
  ];
  for (const [name, input] of cases) {
    test(name, () => assert.equal(parseTraceparent(input as string), null));
  }
});

describe('formatTraceparent', () => {
  test('formats version 00 and round-trips through parse', () => {
    const s = formatTraceparent({ traceId: TRACE, parentId: SPAN, sampled: true });
    assert.equal(s, `00-${TRACE}-${SPAN}-01`);
    assert.equal(parseTraceparent(s)?.sampled, true);
    assert.equal(formatTraceparent({ traceId: TRACE, parentId: SPAN }), `00-${TRACE}-${SPAN}-00`);
  });

  test('sampled sets or clears bit 0 of flags, other bits kept', () => {
    assert.equal(
      formatTraceparent({ traceId: TRACE, parentId: SPAN, flags: 0x02, sampled: true }).slice(-2),
      '03',
    );
    assert.equal(
      formatTraceparent({ traceId: TRACE, parentId: SPAN, flags: 0xff, sampled: false }).slice(-2),
      'fe',
    );
    assert.equal(formatTraceparent({ traceId: TRACE, parentId: SPAN, flags: 0x01 }).slice(-2), '01');
  });

  test('throws ParseError on invalid ids or flags', () => {
    const bad = [
      { traceId: TRACE.toUpperCase(), parentId: SPAN },
      { traceId: '0'.repeat(32), parentId: SPAN },
      { traceId: TRACE, parentId: '0'.repeat(16) },
      { traceId: TRACE.slice(2), parentId: SPAN },
      { traceId: TRACE, parentId: `${SPAN}00` },
      { traceId: TRACE, parentId: SPAN, flags: 256 },
      { traceId: TRACE, parentId: SPAN, flags: 1.5 },
      { traceId: 42 as unknown as string, parentId: SPAN },
    ];
    for (const tp of bad) assert.throws(() => formatTraceparent(tp), ParseError, JSON.stringify(tp));
  });
});

describe('generateTraceId / generateSpanId', () => {
  test('lowercase hex of the right length, valid in a traceparent, unique', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const traceId = generateTraceId();
      const parentId = generateSpanId();
      assert.match(traceId, /^[0-9a-f]{32}$/);
      assert.match(parentId, /^[0-9a-f]{16}$/);
      assert.notEqual(parseTraceparent(formatTraceparent({ traceId, parentId })), null);
      seen.add(traceId);
    }
    assert.equal(seen.size, 500);
  });
});

describe('parseTracestate', () => {
  test('valid lists pass through with whitespace around members removed', () => {
    assert.equal(parseTracestate('rojo=00f067aa0ba902b7'), 'rojo=00f067aa0ba902b7');
    assert.equal(
      parseTracestate('rojo=00f067aa0ba902b7, congo=t61rcWkgMzE'),
      'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    );
    assert.equal(parseTracestate('tenant1@vendor=x,,  ,a-b_c*d/e=v a l'), 'tenant1@vendor=x,a-b_c*d/e=v a l');
    assert.equal(parseTracestate('sentry=a:b;c'), 'sentry=a:b;c');
  });

  test('invalid or empty gives null', () => {
    for (const bad of [
      undefined,
      null,
      '',
      ' , ',
      'novalue',
      '=x',
      'Rojo=x', // keys are lower case
      'rojo=', // empty value
      'rojo=a=b', // '=' not allowed in values
      'rojo=x ,congo=y\u00e9', // non-ASCII value
      'a=1,a=2', // duplicate key
      'vendor@=x',
      '@vendor=x',
    ]) {
      assert.equal(parseTracestate(bad), null, String(bad));
    }
    // OWS after a member is trimmed, so a trailing space is not part of the value
    assert.equal(parseTracestate('rojo=trailing '), 'rojo=trailing');
  });

  test('bounded by MAX_TRACESTATE_MEMBERS and MAX_TRACESTATE_LENGTH', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(',');
    assert.equal(parseTracestate(list(MAX_TRACESTATE_MEMBERS)), list(MAX_TRACESTATE_MEMBERS));
    assert.equal(parseTracestate(list(MAX_TRACESTATE_MEMBERS + 1)), null);
    assert.equal(parseTracestate(`a=${'x'.repeat(256)}`), `a=${'x'.repeat(256)}`); // 256: the maximum
    assert.equal(parseTracestate(`a=${'x'.repeat(257)}`), null);
    assert.equal(parseTracestate(`${'k'.repeat(300)}=v`), null);
    assert.equal(parseTracestate(`a=${'x'.repeat(200)},b=${'y'.repeat(200)},c=${'z'.repeat(200)}`), null);
  });
});
