/**
 * A seeded fuzz test of the envelope parser over the corpus of real SDK envelopes
 * (test/fixtures/envelopes, written by scripts/capture-envelopes.mjs). Each round mutates a real
 * envelope the way a broken proxy, a truncating network or an attacker would, and checks that
 * the parser either returns a well-formed envelope or throws ParseError / LimitExceededError
 * (anything else is a crash of the collector's request), quickly, and that what it returns
 * survives a serialize → parse round trip. It runs for FUZZ_MS (FAULTLINE_FUZZ_MS to run
 * longer); a failure prints the seed and round, and FAULTLINE_FUZZ_SEED replays it.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { itemJson, parseEnvelope, serializeEnvelope } from './envelope.js';
import { isFaultlineError } from './errors.js';
import { seededRandom } from './seeded-random.js';

/** How long the fuzz loop runs in the suite: long enough for thousands of rounds. */
const FUZZ_MS = Number(process.env.FAULTLINE_FUZZ_MS ?? 2_000);
/** One parse of a corpus-sized input taking this long means super-linear work somewhere. */
const MAX_PARSE_MS = 250;

const corpusDir = new URL('../../../test/fixtures/envelopes/', import.meta.url);
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.envelope'))
  .map((f) => new Uint8Array(readFileSync(new URL(f, corpusDir))));

type Mutator = (b: Uint8Array, r: () => number) => Uint8Array;
const at = (b: Uint8Array, r: () => number) => Math.floor(r() * (b.length + 1));
const enc = new TextEncoder();
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const HOSTILE = [
  '\n',
  '\u0000',
  '{"type":"event","length":99999999}\n',
  '{"type":"attachment","length":-1}\n',
  '{"type":"event","length":1.5}\n',
  '{"type":""}\n',
  `${'['.repeat(5000)}\n`,
  '{"type":"event"}\n{"a":"\\ud800"}\n',
  '\ufeff',
  '\r\n',
  '{"dsn":"http://k@h/1"}',
].map((s) => enc.encode(s));

const MUTATORS: Mutator[] = [
  (b, r) => {
    const c = b.slice();
    const i = Math.floor(r() * c.length);
    if (c.length) c[i] = (c[i] as number) ^ (1 << Math.floor(r() * 8));
    return c;
  },
  (b, r) => b.subarray(0, at(b, r)),
  (b, r) => {
    const i = at(b, r);
    return concat(b.subarray(0, i), HOSTILE[Math.floor(r() * HOSTILE.length)] as Uint8Array, b.subarray(i));
  },
  (b, r) => {
    const i = at(b, r);
    const j = Math.min(b.length, i + Math.floor(r() * 64));
    return concat(b.subarray(0, i), b.subarray(j));
  },
  (b, r) => {
    const i = at(b, r);
    const j = Math.min(b.length, i + Math.floor(r() * 256));
    return concat(b.subarray(0, j), b.subarray(i, j), b.subarray(j));
  },
  (b, r) => {
    // Rewrite one explicit length to a neighbour of its value, or a wild one.
    const text = new TextDecoder().decode(b);
    const lengths = [...text.matchAll(/"length":(\d+)/g)];
    const m = lengths[Math.floor(r() * lengths.length)];
    if (!m || m.index === undefined) return b;
    const n = Number(m[1]);
    const wild = [n - 1, n + 1, 0, 2 ** 31, 2 ** 53 + 1, -n][Math.floor(r() * 6)];
    return enc.encode(`${text.slice(0, m.index)}"length":${wild}${text.slice(m.index + m[0].length)}`);
  },
  (b, r) => concat(b, corpus[Math.floor(r() * corpus.length)] as Uint8Array),
  (b, r) => {
    // A hostile line where a header line starts: right after one of the newlines.
    const newlines: number[] = [];
    b.forEach((byte, i) => {
      if (byte === 0x0a) newlines.push(i + 1);
    });
    const i = newlines[Math.floor(r() * newlines.length)] ?? 0;
    return concat(b.subarray(0, i), HOSTILE[Math.floor(r() * HOSTILE.length)] as Uint8Array, b.subarray(i));
  },
];

/** A parse past MAX_PARSE_MS is timed again: a super-linear parse is slow every time, a busy
 * machine's pause only once. */
function assertLinear(input: Uint8Array, limits: Parameters<typeof parseEnvelope>[1], tookMs: number): void {
  if (tookMs < MAX_PARSE_MS) return;
  const started = performance.now();
  try {
    parseEnvelope(input, limits);
  } catch {
    // the first parse already judged what it throws
  }
  const again = performance.now() - started;
  assert.ok(
    again < MAX_PARSE_MS,
    `the parse stayed linear (${tookMs.toFixed(0)} ms, then ${again.toFixed(0)} ms)`,
  );
}

function check(input: Uint8Array, limits: Parameters<typeof parseEnvelope>[1]): void {
  const started = performance.now();
  let envelope: ReturnType<typeof parseEnvelope>;
  try {
    envelope = parseEnvelope(input, limits);
  } catch (error) {
    assert.ok(
      isFaultlineError(error) && (error.code === 'FL_PARSE' || error.code === 'FL_LIMIT_EXCEEDED'),
      `only ParseError or LimitExceededError may escape, got ${String(error)}`,
    );
    return;
  } finally {
    assertLinear(input, limits, performance.now() - started);
  }
  for (const item of envelope.items) {
    assert.ok(typeof item.header.type === 'string' && item.header.type !== '');
    assert.ok(item.payload.buffer === input.buffer, 'payloads are views of the input');
    try {
      itemJson(item, { maxDepth: 32, maxBytes: 1 << 20 });
    } catch (error) {
      assert.ok(isFaultlineError(error), `itemJson threw ${String(error)}`);
    }
  }
  const again = parseEnvelope(
    serializeEnvelope({
      header: envelope.header,
      items: envelope.items.map((i) => ({ header: i.header, payload: i.payload })),
    }),
  );
  assert.deepEqual(
    again.items.map((i) => [i.header.type, Buffer.from(i.payload).toString('base64')]),
    envelope.items.map((i) => [i.header.type, Buffer.from(i.payload).toString('base64')]),
    'serialize → parse keeps every item',
  );
}

test('the corpus holds real SDK envelopes and each parses as it is', () => {
  assert.ok(corpus.length >= 5, `corpus of ${corpus.length} envelopes`);
  for (const e of corpus) assert.ok(parseEnvelope(e).items.length > 0);
});

test(`fuzz: mutated real envelopes for ${FUZZ_MS} ms never crash the parser`, () => {
  const seed = Number(process.env.FAULTLINE_FUZZ_SEED ?? Date.now() % 1_000_000);
  const r = seededRandom(seed);
  const tight = { maxItems: 4, maxHeaderBytes: 512, maxJsonDepth: 8, maxEventBytes: 4096 };
  const deadline = performance.now() + FUZZ_MS;
  let round = 0;
  for (; performance.now() < deadline; round++) {
    let input = corpus[Math.floor(r() * corpus.length)] as Uint8Array;
    for (let k = 1 + Math.floor(r() * 3); k > 0; k--)
      input = (MUTATORS[Math.floor(r() * MUTATORS.length)] as Mutator)(input, r);
    try {
      check(input, undefined);
      check(input, tight);
    } catch (error) {
      throw new Error(
        `fuzz failure at seed ${seed}, round ${round} (FAULTLINE_FUZZ_SEED=${seed}): ${String(error)}`,
        {
          cause: error,
        },
      );
    }
  }
  assert.ok(round > 100, `ran ${round} rounds`);
});
