// A real @sentry/node process for browser-fingerprint-rules.test.ts: the DSN from SENTRY_DSN, one
// QuotaError thrown from each of two functions of this file with different messages (the default
// grouping makes two issues of them: different in-app frames), captured and flushed; prints both
// event ids, one per line.
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.SENTRY_DSN, release: 'quota@1.0.0', environment: 'production' });

class QuotaError extends Error {
  constructor(message) {
    super(message);
    this.name = 'QuotaError';
  }
}

function reserveSeats(team) {
  throw new QuotaError(`team ${team} has no seats left`);
}

function uploadFile(bytes) {
  throw new QuotaError(`storage quota exceeded by ${bytes} bytes`);
}

const ids = [];
for (const attempt of [() => reserveSeats('t-42'), () => uploadFile(1024)]) {
  try {
    attempt();
  } catch (error) {
    ids.push(Sentry.captureException(error));
  }
}
await Sentry.flush(5000);
await Sentry.close(5000);
console.log(ids.join('\n'));
