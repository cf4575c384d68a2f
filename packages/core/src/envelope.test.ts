import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_ENVELOPE_LIMITS,
  type Envelope,
  itemJson,
  parseEnvelope,
  serializeEnvelope,
} from './envelope.js';
import { isFaultlineError, LimitExceededError, ParseError } from './errors.js';
import { MAX_ENVELOPE_ITEMS, MAX_EVENT_BYTES } from './limits.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytes = (s: string) => enc.encode(s);
const text = (b: Uint8Array) => dec.decode(b);

/** Asserts a ParseError, optionally for one item, and returns it. */
function throwsParse(fn: () => unknown, itemIndex?: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ParseError, `expected ParseError, got ${String(e)}`);
    assert.equal(e.code, 'FL_PARSE');
    assert.equal(e.itemIndex, itemIndex);
    return true;
  });
}

function throwsLimit(fn: () => unknown, limit: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LimitExceededError, `expected LimitExceededError, got ${String(e)}`);
    assert.equal(e.limit, limit);
    assert.match(e.message, new RegExp(limit));
    return true;
  });
}

describe('parseEnvelope: the spec example (sentry-protocol.md §3.5)', () => {
  const header =
    '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","sent_at":"2025-01-01T00:00:00.000Z","sdk":{"name":"sentry.javascript.node","version":"8.0.0"}}';
  const attachment = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('Hello\r\n')]);
  const raw = new Uint8Array([
    ...bytes(`${header}\n{"type":"event","length":41}\n{"message":"hello world","level":"error"}\n`),
    ...bytes('{"type":"attachment","length":10,"filename":"hello.txt","content_type":"text/plain"}\n'),
    ...attachment,
    ...bytes('\n{"type":"client_report"}\n'),
    ...bytes(
      '{"timestamp":1735689600,"discarded_events":[{"reason":"sample_rate","category":"transaction","quantity":3}]}',
    ),
  ]);

  test('reads the header and three items with their payloads', () => {
    const env = parseEnvelope(raw);
    assert.equal(env.header.event_id, '9ec79c33ec9942ab8353589fcb2e04dc');
    assert.deepEqual(env.header.sdk, { name: 'sentry.javascript.node', version: '8.0.0' });
    assert.deepEqual(
      env.items.map((i) => i.header.type),
      ['event', 'attachment', 'client_report'],
    );
    assert.deepEqual(itemJson(env.items[0]!), { message: 'hello world', level: 'error' });
    assert.equal(env.items[1]!.header.filename, 'hello.txt');
    // The BOM (3 bytes) and the CR before LF belong to the binary payload: length counts bytes.
    assert.deepEqual([...env.items[1]!.payload], [...attachment]);
    assert.equal(env.items[2]!.header.length, undefined);
    assert.equal((itemJson(env.items[2]!) as { timestamp: number }).timestamp, 1735689600);
  });
});

describe('parseEnvelope: spec test vectors', () => {
  test('empty attachment with length 0, still followed by a newline', () => {
    const env = parseEnvelope(
      bytes('{}\n{"type":"attachment","length":0}\n\n{"type":"event","length":2}\n{}'),
    );
    assert.equal(env.items.length, 2);
    assert.equal(env.items[0]!.payload.byteLength, 0);
    assert.equal(text(env.items[1]!.payload), '{}');
  });

  test('length 0 at EOF with and without the newline', () => {
    assert.equal(parseEnvelope(bytes('{}\n{"type":"attachment","length":0}')).items[0]!.payload.length, 0);
    assert.equal(parseEnvelope(bytes('{}\n{"type":"attachment","length":0}\n')).items[0]!.payload.length, 0);
  });

  test('implicit-length item ending at EOF', () => {
    const env = parseEnvelope(
      bytes('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}\n{"type":"event"}\n{"a":1}'),
    );
    assert.equal(text(env.items[0]!.payload), '{"a":1}');
  });

  test('{} and one length-less session item, with and without trailing newline', () => {
    for (const tail of ['', '\n']) {
      const env = parseEnvelope(bytes(`{}\n{"type":"session"}\n{"sid":"x","status":"ok"}${tail}`));
      assert.deepEqual(env.header, {});
      assert.equal(env.items.length, 1);
      assert.equal(env.items[0]!.header.type, 'session');
      assert.deepEqual(itemJson(env.items[0]!), { sid: 'x', status: 'ok' });
    }
  });

  test('binary attachment whose payload ends in \\r\\n counted in length', () => {
    const payload = new Uint8Array([0x00, 0xff, 0x0a, 0x0d, 0x0a]);
    const raw = new Uint8Array([...bytes('{}\n{"type":"attachment","length":5}\n'), ...payload, 0x0a]);
    assert.deepEqual([...parseEnvelope(raw).items[0]!.payload], [...payload]);
  });

  test('a CR before LF in an implicit-length payload stays in the payload', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"session"}\n{"a":1}\r\n'));
    assert.equal(text(env.items[0]!.payload), '{"a":1}\r');
  });

  test('length counts bytes, not characters', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"event","length":13}\n{"m":"héé"}\n'));
    assert.equal(text(env.items[0]!.payload), '{"m":"héé"}');
  });

  test('an envelope with only a header (with or without newline) has zero items', () => {
    assert.deepEqual(parseEnvelope(bytes('{}')), { header: {}, items: [] });
    assert.deepEqual(parseEnvelope(bytes('{"dsn":"x"}\n')).items, []);
  });

  test('unknown item types and unknown header keys are kept', () => {
    const env = parseEnvelope(bytes('{"future":1}\n{"type":"hologram","length":1,"color":"blue"}\nx'));
    assert.equal(env.header.future, 1);
    assert.deepEqual(env.items[0]!.header, { type: 'hologram', length: 1, color: 'blue' });
  });

  test('the last item header may end at EOF with an empty payload (as Relay)', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"session"}'));
    assert.equal(env.items[0]!.payload.length, 0);
  });

  test('length: null counts as absent', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"session","length":null}\n{"a":1}'));
    assert.equal(text(env.items[0]!.payload), '{"a":1}');
  });
});

describe('parseEnvelope: malformed input throws ParseError', () => {
  test('empty input', () => throwsParse(() => parseEnvelope(new Uint8Array())));
  test('envelope header is not JSON', () => throwsParse(() => parseEnvelope(bytes('{nope\n'))));
  test('envelope header is JSON but not an object', () => {
    throwsParse(() => parseEnvelope(bytes('[]\n')));
    throwsParse(() => parseEnvelope(bytes('null\n')));
    throwsParse(() => parseEnvelope(bytes('"x"\n')));
  });
  test('envelope header with invalid UTF-8', () => {
    throwsParse(() => parseEnvelope(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])));
  });
  test('item header is not JSON, with its index', () => {
    throwsParse(() => parseEnvelope(bytes('{}\n{"type":"event","length":2}\n{}\n{bad}\n')), 1);
  });
  test('item header missing type, or type not a string', () => {
    throwsParse(() => parseEnvelope(bytes('{}\n{"length":2}\n{}')), 0);
    throwsParse(() => parseEnvelope(bytes('{}\n{"type":7}\n{}')), 0);
    throwsParse(() => parseEnvelope(bytes('{}\n{"type":""}\n{}')), 0);
  });
  test('invalid length values', () => {
    for (const len of ['-1', '1.5', '"2"', 'true', '1e400']) {
      throwsParse(() => parseEnvelope(bytes(`{}\n{"type":"event","length":${len}}\n{}`)), 0);
    }
  });
  test('length past EOF', () => {
    throwsParse(() => parseEnvelope(bytes('{}\n{"type":"attachment","length":10}\nabc')), 0);
  });
  test('wrong byte after an explicit length (even whitespace)', () => {
    throwsParse(() => parseEnvelope(bytes('{}\n{"type":"attachment","length":2}\nabc\n')), 0);
    throwsParse(() => parseEnvelope(bytes('{}\n{"type":"attachment","length":2}\nab \n')), 0);
    throwsParse(() => parseEnvelope(bytes('{}\n{"type":"attachment","length":2}\nab\r\n')), 0);
  });
  test('an empty line where an item header should be', () => {
    throwsParse(() => parseEnvelope(bytes('{}\n\n')), 0);
    throwsParse(() => parseEnvelope(bytes('{}\n{"type":"session"}\n{}\n\n')), 1);
  });
  test('garbage after the last item', () => {
    throwsParse(() => parseEnvelope(bytes('{}\n{"type":"event","length":2}\n{}\nxyz')), 1);
  });
  test('a BOM before the envelope header', () => {
    throwsParse(() => parseEnvelope(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{}')])));
  });
});

describe('parseEnvelope: limits throw LimitExceededError naming the constant', () => {
  test('too many items', () => {
    const raw = bytes(`{}${'\n{"type":"session"}\n{}'.repeat(4)}`);
    assert.equal(parseEnvelope(raw, { maxItems: 4 }).items.length, 4);
    throwsLimit(() => parseEnvelope(raw, { maxItems: 3 }), 'MAX_ENVELOPE_ITEMS');
  });
  test('default item bound is MAX_ENVELOPE_ITEMS', () => {
    const raw = bytes(`{}${'\n{"type":"x"}\n'.repeat(MAX_ENVELOPE_ITEMS + 1)}`);
    throwsLimit(() => parseEnvelope(raw), 'MAX_ENVELOPE_ITEMS');
  });
  test('oversized envelope', () => {
    throwsLimit(
      () => parseEnvelope(bytes('{}\n{"type":"x"}\n12345'), { maxEnvelopeBytes: 10 }),
      'MAX_ENVELOPE_BYTES',
    );
  });
  test('oversized header line, without scanning the rest', () => {
    const raw = bytes(`{"a":"${'x'.repeat(100)}"}\n`);
    throwsLimit(() => parseEnvelope(raw, { maxHeaderBytes: 50 }), 'MAX_ENVELOPE_HEADER_BYTES');
    const item = bytes(`{}\n{"type":"x","pad":"${'x'.repeat(100)}"}\n`);
    throwsLimit(() => parseEnvelope(item, { maxHeaderBytes: 50 }), 'MAX_ENVELOPE_HEADER_BYTES');
  });
  test('too deep JSON in a header', () => {
    const deep = `{"a":${'['.repeat(100)}${']'.repeat(100)}}`;
    throwsLimit(() => parseEnvelope(bytes(`${deep}\n`)), 'MAX_JSON_DEPTH');
    throwsLimit(
      () =>
        parseEnvelope(bytes(`{}\n{"type":"x","d":${'['.repeat(9)}${']'.repeat(9)}}\n`), { maxJsonDepth: 5 }),
      'MAX_JSON_DEPTH',
    );
  });
  test('oversized event, explicit and implicit length', () => {
    const big = `{"m":"${'x'.repeat(100)}"}`;
    const explicit = bytes(`{}\n{"type":"event","length":${big.length}}\n${big}`);
    throwsLimit(() => parseEnvelope(explicit, { maxEventBytes: 64 }), 'MAX_EVENT_BYTES');
    throwsLimit(
      () => parseEnvelope(bytes(`{}\n{"type":"transaction"}\n${big}`), { maxEventBytes: 64 }),
      'MAX_EVENT_BYTES',
    );
    // an unknown type has no per-item bound
    assert.equal(parseEnvelope(bytes(`{}\n{"type":"x"}\n${big}`), { maxEventBytes: 64 }).items.length, 1);
  });
  test('oversized attachment and client report', () => {
    throwsLimit(
      () => parseEnvelope(bytes('{}\n{"type":"attachment","length":5}\n12345'), { maxAttachmentBytes: 4 }),
      'MAX_ATTACHMENT_BYTES',
    );
    throwsLimit(
      () => parseEnvelope(bytes(`{}\n{"type":"client_report"}\n${'x'.repeat(5000)}`)),
      'MAX_CLIENT_REPORT_BYTES',
    );
  });
  test('an undefined override keeps the default bound', () => {
    const raw = bytes(`{}${'\n{"type":"x"}\n'.repeat(MAX_ENVELOPE_ITEMS + 1)}`);
    throwsLimit(() => parseEnvelope(raw, { maxItems: undefined }), 'MAX_ENVELOPE_ITEMS');
  });
  test('DEFAULT_ENVELOPE_LIMITS is frozen and built from limits.ts', () => {
    assert.equal(DEFAULT_ENVELOPE_LIMITS.maxEventBytes, MAX_EVENT_BYTES);
    assert.ok(Object.isFrozen(DEFAULT_ENVELOPE_LIMITS));
  });
});

describe('serializeEnvelope', () => {
  test('writes length on every item and encodes objects and strings', () => {
    const out = text(
      serializeEnvelope({
        header: { event_id: 'abc' },
        items: [
          { header: { type: 'event' }, payload: { message: 'héllo\nworld' } },
          { header: { type: 'attachment', filename: 'a.txt', length: 999 }, payload: 'é\n' },
        ],
      }),
    );
    assert.equal(
      out,
      '{"event_id":"abc"}\n{"type":"event","length":27}\n{"message":"héllo\\nworld"}\n{"type":"attachment","filename":"a.txt","length":3}\né\n',
    );
  });

  test('round trip serialize -> parse keeps headers and payload bytes', () => {
    const binary = new Uint8Array([0, 10, 13, 10, 255, 10]);
    const input = {
      header: { event_id: '9ec79c33ec9942ab8353589fcb2e04dc', sdk: { name: 'x', version: '1' } },
      items: [
        { header: { type: 'event' }, payload: { message: 'multi\nline', extra: { n: [1, 2] } } },
        { header: { type: 'attachment', filename: 'b.bin' }, payload: binary },
        { header: { type: 'attachment', filename: 'empty' }, payload: new Uint8Array() },
        { header: { type: 'mystery', foo: 'bar' }, payload: 'text' },
      ],
    };
    const env: Envelope = parseEnvelope(serializeEnvelope(input));
    assert.deepEqual(env.header, input.header);
    assert.deepEqual(
      env.items.map((i) => i.header),
      [
        { type: 'event', length: 45 },
        { type: 'attachment', filename: 'b.bin', length: 6 },
        { type: 'attachment', filename: 'empty', length: 0 },
        { type: 'mystery', foo: 'bar', length: 4 },
      ],
    );
    assert.deepEqual(itemJson(env.items[0]!), input.items[0]!.payload);
    assert.deepEqual([...env.items[1]!.payload], [...binary]);
    assert.equal(text(env.items[3]!.payload), 'text');
    // serialising what we parsed gives the same bytes again
    assert.deepEqual(serializeEnvelope(env), serializeEnvelope(input));
  });

  test('rejects items without a type and payloads that cannot be JSON', () => {
    throwsParse(() => serializeEnvelope({ header: {}, items: [{ header: { type: '' }, payload: 'x' }] }), 0);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    throwsParse(
      () => serializeEnvelope({ header: {}, items: [{ header: { type: 'event' }, payload: cyclic }] }),
      0,
    );
  });
});

describe('itemJson', () => {
  test('bounds depth and size of item payloads', () => {
    const env = parseEnvelope(bytes(`{}\n{"type":"event"}\n${'['.repeat(70)}${']'.repeat(70)}`));
    throwsLimit(() => itemJson(env.items[0]!), 'MAX_JSON_DEPTH');
    assert.deepEqual(itemJson(env.items[0]!, { maxDepth: 70 }), JSON.parse(text(env.items[0]!.payload)));
    throwsLimit(() => itemJson(env.items[0]!, { maxDepth: 100, maxBytes: 10 }), 'MAX_EVENT_BYTES');
  });
  test('a non-JSON payload is a ParseError carrying the item index', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"event"}\nnot json'));
    throwsParse(() => itemJson(env.items[0]!, { itemIndex: 0 }), 0);
  });
});

describe('parseEnvelope: hostile input', () => {
  test('100k implicit-length items stay linear and hit the item bound', () => {
    const raw = bytes(`{}${'\n{"type":"x"}\n'.repeat(100_000)}`);
    const t0 = performance.now();
    throwsLimit(() => parseEnvelope(raw), 'MAX_ENVELOPE_ITEMS');
    assert.ok(performance.now() - t0 < 1000);
  });
  test('a 5 MiB line without newlines fails fast on the header bound', () => {
    const raw = new Uint8Array(5 * 1024 * 1024).fill(0x20);
    const t0 = performance.now();
    throwsLimit(() => parseEnvelope(raw), 'MAX_ENVELOPE_HEADER_BYTES');
    assert.ok(performance.now() - t0 < 1000);
  });
  test('a 1 MiB string of brackets in an event is rejected by depth, not by a stack overflow', () => {
    const raw = bytes(`{}\n{"type":"event"}\n${'['.repeat(1024 * 1024 - 100)}`);
    const env = parseEnvelope(raw);
    throwsLimit(() => itemJson(env.items[0]!), 'MAX_JSON_DEPTH');
  });
  test('random bytes never throw anything but Faultline errors', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = bytes('{}[]":,\n\r typelngth0123456789attachment\\');
    for (let n = 0; n < 2000; n++) {
      const raw = new Uint8Array(rand() % 80);
      for (let i = 0; i < raw.length; i++) raw[i] = alphabet[rand() % alphabet.length]!;
      try {
        parseEnvelope(raw, { maxItems: 5 });
      } catch (e) {
        assert.ok(isFaultlineError(e), `unexpected ${String(e)} for ${text(raw)}`);
      }
    }
  });
  test('payloads are views into the input (no copy of large attachments)', () => {
    const raw = bytes('{}\n{"type":"attachment","length":3}\nabc');
    const env = parseEnvelope(raw);
    assert.equal(env.items[0]!.payload.buffer, raw.buffer);
  });
});
