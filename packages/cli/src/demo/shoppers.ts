/**
 * What one arriving shopper asks the storefront for, drawn from the seeded generator: a
 * checkout (sometimes with a coupon code, some of them no longer valid), a shipping quote
 * (some to the islands, whose carrier is slow) or a search (some typed with a bare `%`); and
 * the one link everyone clicks in a surge.
 */

import { pick, type Random } from './prng.js';

const COUPON_CODES = [
  [undefined, 70],
  ['WELCOME', 20],
  ['VIP', 5],
  ['SPRING23', 5], // an expired campaign's code, still in old newsletters
] as const;

const REGIONS = [
  ['mainland', 85],
  ['islands', 15],
] as const;

const QUERIES = [
  ['red shoes', 30],
  ['rain jacket', 30],
  ['socks', 30],
  ['50% off', 10], // typed into the address bar: the `%` arrives unencoded
] as const;

/** A search query as a browser's address bar sends it: spaces encoded, a bare `%` left as is. */
function rawQuery(q: string): string {
  return q.replaceAll(' ', '+');
}

/**
 * The path of one request, from the storefront's three routes.
 * @example shopperRequest(seededRandom(1)) // '/checkout/1234?coupon=WELCOME'
 */
export function shopperRequest(random: Random): string {
  const cart = 1_000 + Math.floor(random() * 9_000);
  switch (
    pick(random, [
      ['checkout', 50],
      ['shipping', 25],
      ['search', 25],
    ] as const)
  ) {
    case 'checkout': {
      const coupon = pick(random, COUPON_CODES);
      return coupon === undefined ? `/checkout/${cart}` : `/checkout/${cart}?coupon=${coupon}`;
    }
    case 'shipping':
      return `/shipping/${cart}?region=${pick(random, REGIONS)}`;
    case 'search':
      return searchRequest(random);
  }
}

function searchRequest(random: Random): string {
  return `/search?q=${rawQuery(pick(random, QUERIES))}`;
}

/** The surge: a newsletter went out and everyone clicks its link at once. */
export const SURGE_REQUEST = '/search?q=summer+sale';
