// A real @sentry/node process for browser-real-sources.test.ts: the DSN from SENTRY_DSN, one
// TypeError thrown inside a function of this file, captured and flushed; prints the event id.
// The dashboard must show this file's own line (the test finds it by PRICE_LINE_CODE) as the
// in-app frame's context line, which the SDK reads from disk.
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: 'checkout@2.0.1',
  environment: 'production',
  serverName: 'checkout-1',
});

function priceCart(cart) {
  // A draft cart has no lines yet: this is the bug.
  return cart.lines.reduce((sum, line) => sum + line.unitPrice * line.qty, 0);
}

let eventId;
try {
  priceCart({ id: 'cart-7', customer: 'ada' });
} catch (error) {
  eventId = Sentry.captureException(error, { tags: { request_id: process.env.REQUEST_ID ?? 'none' } });
}
await Sentry.flush(5000);
await Sentry.close(5000);
console.log(eventId);
