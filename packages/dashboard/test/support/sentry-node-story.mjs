// A real @sentry/node process for browser-event-story.test.ts: the DSN from SENTRY_DSN; a user,
// a custom context, extra data, breadcrumbs (one stamped a minute ahead, as a skewed clock
// would: it must not be taken for the crumb nearest the error) and a binary attachment, then
// one TypeError captured and flushed. Prints the event id.
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.SENTRY_DSN, release: 'checkout@2.1.0', environment: 'production' });

Sentry.setUser({ id: 'user-7', username: 'ada', email: 'ada@example.com', ip_address: '203.0.113.9' });
Sentry.setContext('checkout', { step: 'payment', cart: { id: 'cart-7', lines: 0 } });
Sentry.setExtra('retry_count', 3);
Sentry.setExtra('basket', { coupon: 'WINTER', items: [] });
Sentry.addBreadcrumb({ category: 'cart', message: 'cart cart-7 loaded', level: 'info', data: { lines: 0 } });
Sentry.addBreadcrumb({ category: 'payment', message: 'pricing the cart', level: 'warning' });
Sentry.addBreadcrumb({
  category: 'clock',
  message: 'stamped a minute ahead',
  timestamp: Date.now() / 1000 + 60,
});
// Every byte value once: the download must hand back exactly these bytes.
const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
Sentry.getCurrentScope().addAttachment({
  filename: 'cart-dump.bin',
  data: bytes,
  contentType: 'application/octet-stream',
});

function priceCart(cart) {
  return cart.lines.reduce((sum, line) => sum + line.unitPrice * line.qty, 0);
}

let eventId;
try {
  priceCart({ id: 'cart-7' });
} catch (error) {
  eventId = Sentry.captureException(error);
}
await Sentry.flush(5000);
await Sentry.close(5000);
console.log(eventId);
