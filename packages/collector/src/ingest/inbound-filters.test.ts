import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globMatches } from '../glob-match.js';
import { type InboundFilters, NO_INBOUND_FILTERS } from '../ingest-batch.js';
import { filterReason } from './inbound-filters.js';
import { isWebCrawler } from './web-crawlers.js';

const filters = (f: Partial<InboundFilters>): InboundFilters => ({ ...NO_INBOUND_FILTERS, ...f });
const peer = (address: string) => () => address;

test('globs: * is any run of characters, the rest literal and case-insensitive', () => {
  assert.ok(globMatches('*ECONNRESET*', 'Error: read econnreset'));
  assert.ok(globMatches('legacy@*', 'legacy@1.2.3'));
  assert.ok(globMatches('*', ''));
  assert.ok(globMatches('a*b*c', 'aXXbYYc'));
  assert.ok(!globMatches('legacy@*', 'api@1.0'));
  assert.ok(!globMatches('a*b', 'a-b-c'));
  // Regex syntax is literal text, not a pattern.
  assert.ok(globMatches('price (usd) [x]?', 'Price (USD) [x]?'));
  assert.ok(!globMatches('a.c', 'abc'));
});

test('globs: a star-heavy pattern over a long text stays fast (no exponential backtracking)', () => {
  const pattern = `${'*a'.repeat(60)}*b`;
  const text = 'a'.repeat(1024);
  const t0 = performance.now();
  assert.equal(globMatches(pattern, text), false);
  assert.ok(performance.now() - t0 < 250, 'bounded by pattern × text steps');
});

test('crawlers: known bots and generic self-descriptions, not browsers', () => {
  assert.ok(isWebCrawler('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'));
  assert.ok(isWebCrawler('Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)'));
  assert.ok(isWebCrawler('UptimeRobot/2.0'));
  assert.ok(isWebCrawler('AcmeCrawler/0.1 (+https://acme.example)'));
  assert.ok(
    !isWebCrawler(
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    ),
  );
  assert.ok(
    !isWebCrawler(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1',
    ),
  );
});

test('each filter names its reason; no filters keep everything', () => {
  const event = {
    release: 'legacy@1.0',
    environment: 'staging',
    exception: { values: [{ type: 'Error', value: 'read ECONNRESET' }] },
  };
  assert.equal(filterReason(NO_INBOUND_FILTERS, event, false, peer('1.2.3.4')), undefined);
  assert.equal(
    filterReason(filters({ errorMessages: ['Error: *reset'] }), event, false, peer('')),
    'error-message',
  );
  assert.equal(filterReason(filters({ releases: ['legacy@*'] }), event, false, peer('')), 'release-version');
  assert.equal(filterReason(filters({ environments: ['staging'] }), event, false, peer('')), 'environment');
  assert.equal(filterReason(filters({ environments: ['Staging'] }), event, false, peer('')), undefined);
  assert.equal(filterReason(filters({ errorMessages: ['*'] }), { message: 'x' }, true, peer('')), undefined);
  assert.equal(
    filterReason(
      filters({ errorMessages: ['*disk*'] }),
      { logentry: { message: 'no disk left' } },
      false,
      peer(''),
    ),
    'error-message',
  );
});

test('addresses: the user IP when it is one, else the peer; CIDR blocks of both families', () => {
  const f = filters({ clientIps: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'] });
  assert.equal(
    filterReason(f, { user: { ip_address: '203.0.113.9' } }, false, peer('10.0.0.1')),
    'ip-address',
  );
  assert.equal(
    filterReason(f, { user: { ip_address: '2001:db8::1' } }, false, peer('10.0.0.1')),
    'ip-address',
  );
  assert.equal(
    filterReason(f, { user: { ip_address: '{{auto}}' } }, false, peer('::ffff:198.51.100.7')),
    'ip-address',
  );
  assert.equal(filterReason(f, {}, false, peer('198.51.100.8')), undefined);
  assert.equal(
    filterReason(f, { user: { ip_address: '192.0.2.1' } }, false, peer('198.51.100.7')),
    undefined,
  );
});

test('localhost and crawlers read the request; hostile shapes read as absent', () => {
  const f = filters({ localhost: true, webCrawlers: true });
  assert.equal(
    filterReason(f, { request: { url: 'http://localhost:3000/a' } }, false, peer('')),
    'localhost',
  );
  assert.equal(filterReason(f, { request: { url: 'http://app.localhost/a' } }, false, peer('')), 'localhost');
  assert.equal(filterReason(f, { user: { ip_address: '::1' } }, false, peer('')), 'localhost');
  assert.equal(
    filterReason(f, { request: { headers: [['User-Agent', 'Googlebot/2.1']] } }, false, peer('')),
    'web-crawlers',
  );
  assert.equal(
    filterReason(f, { request: { headers: { 'user-agent': 'bingbot' } } }, true, peer('')),
    'web-crawlers',
  );
  for (const hostile of [
    { request: 'x', user: 5, exception: 'y' },
    { request: { url: 42, headers: 'x' }, exception: [null, 1, { type: 7 }] },
    { request: { url: 'not a url' }, user: { ip_address: 'not an ip' } },
  ])
    assert.equal(filterReason(f, hostile, false, peer('')), undefined);
});
