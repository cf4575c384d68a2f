import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shellQuote, toCurl } from './curl.js';
import type { RequestData } from './event-data.js';

const base: RequestData = {
  method: 'GET',
  url: 'https://api.example/x',
  headers: [],
  query: [],
  cookies: [],
  data: undefined,
};

test('redacted headers, cookies, query values and bodies become named placeholders', () => {
  const curl = toCurl({
    ...base,
    method: 'POST',
    url: 'https://api.example/orders?token=[Filtered]&page=2',
    headers: [
      ['Authorization', '[Filtered]'],
      ['Accept', 'application/json'],
      ['Content-Length', '12'],
    ],
    cookies: [['sid', '[Filtered]']],
    data: '{"password":"[Filtered]"}',
  });
  assert.equal(
    curl,
    "curl -X 'POST' 'https://api.example/orders?token=<redacted:token>&page=2' " +
      "-H 'authorization: <redacted:authorization>' -H 'accept: application/json' " +
      '-H \'cookie: sid=<redacted:cookie.sid>\' --data-raw \'{"password":"<redacted:body>"}\'',
  );
  assert.doesNotMatch(curl, /\[Filtered\]/);
});

test('a separate query string is appended; quotes cannot break out of the shell word', () => {
  const curl = toCurl({
    ...base,
    query: [
      ['q', "it's"],
      ['key', '[Filtered]'],
    ],
  });
  assert.match(curl, /'https:\/\/api.example\/x\?q=it'\\''s&key=<redacted:key>'/);
  assert.equal(shellQuote("a'b"), "'a'\\''b'");
});
