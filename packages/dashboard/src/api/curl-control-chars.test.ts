/**
 * "Copy as curl" never copies raw control characters: ESC (terminal escape sequences), NUL,
 * tabs and newlines (completion, early execution), C1 controls and bidi overrides in an event's
 * URL, headers or body are written as escapes that a real bash turns back into the same bytes.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { shellQuote, toCurl } from './curl.js';

/** Every character the copied text must not hold raw. */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** What bash makes of one shell word: the bytes of its only argument. */
function bashReads(word: string): Buffer {
  return execFileSync('bash', ['-c', `printf %s ${word}`]);
}

test('control characters in the URL, headers and body are escaped, not copied', () => {
  const curl = toCurl({
    method: 'POST',
    url: 'https://api.example/x\u001b]8;;https://evil.example\u0007?q=1\n',
    headers: [
      ['X-Note', 'clear\u001b[2J\u001b[3J screen'],
      ['X-Nul', 'a\u0000b'],
      ['X-Tab', 'a\tb\rc\u007fd\u009be'],
    ],
    query: [],
    cookies: [['theme', 'dark\u202eevil']],
    data: '{"a":"\u001b[31mred"}\u2028',
  });
  assert.doesNotMatch(curl, RAW_CONTROL);
  assert.match(curl, /-H \$'x-note: clear\\033\[2J\\033\[3J screen'/);
  assert.match(curl, /-H \$'x-nul: a\\000b'/);
  assert.match(curl, /-H \$'x-tab: a\\011b\\015c\\177d\\302\\233e'/);
  assert.match(curl, /-H \$'cookie: theme=dark\\342\\200\\256evil'/);
});

test('bash reads every escaped word back as the same bytes', () => {
  for (const s of [
    'plain',
    "it's",
    'esc \u001b[2J and bell \u0007',
    "quote ' and backslash \\ and \\033 literally",
    'tab\tnewline\ncarriage\r',
    'del\u007f c1 \u0085\u009b',
    'rtl \u202eoverride\u202c \u2066isolate\u2069 \u200f',
    'line\u2028separator',
    'digits after an escape: \u001b123',
    'ünïcödé ✓ 😀',
  ]) {
    const word = shellQuote(s);
    assert.doesNotMatch(word, RAW_CONTROL, JSON.stringify(s));
    assert.deepEqual(bashReads(word), Buffer.from(s, 'utf8'), JSON.stringify(s));
  }
});

test('words without control characters keep plain single quotes', () => {
  assert.equal(shellQuote('a b'), "'a b'");
  assert.equal(shellQuote("a'b"), "'a'\\''b'");
});
