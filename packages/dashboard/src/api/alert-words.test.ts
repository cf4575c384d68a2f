import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelInWords, filtersInWords, minutes, objectivePercent, triggerInWords } from './alert-words.js';

test('every trigger type in words, with its numbers', () => {
  assert.deepEqual(
    [
      triggerInWords({ type: 'new-issue' }),
      triggerInWords({ type: 'regression' }),
      triggerInWords({ type: 'frequency', count: 1, windowMinutes: 1 }),
      triggerInWords({ type: 'frequency', count: 10, windowMinutes: 120 }),
      triggerInWords({ type: 'route-5xx-rate', threshold: 0.05, windowMinutes: 5, minRequests: 100 }),
      triggerInWords({ type: 'slo-burn', objective: 0.999 }),
    ],
    [
      'a new issue (its first event)',
      'a resolved issue gets an event again',
      'an issue gets 1 event or more within 1 minute',
      'an issue gets 10 events or more within 2 hours',
      "a route's 5xx rate reaches 5.00% over 5 minutes (with at least 100 requests)",
      'a route burns its 99.9% availability objective too fast',
    ],
  );
});

test('minutes read as the largest whole unit; objectives keep every digit', () => {
  assert.deepEqual(
    [minutes(90), minutes(60), minutes(1440), minutes(2880)],
    ['90 minutes', '1 hour', '1 day', '2 days'],
  );
  assert.deepEqual([objectivePercent(0.9995), objectivePercent(0.99)], ['99.95%', '99%']);
});

test('channels and filters in words', () => {
  assert.deepEqual(
    [
      channelInWords({ type: 'webhook', url: 'https://ops.example.com/h' }),
      channelInWords({ type: 'slack', url: 'https://hooks.slack.com/x' }),
      channelInWords({ type: 'pagerduty', routingKey: 'k' }),
      channelInWords({ type: 'email', to: ['a@example.com', 'b@example.com'] }),
    ],
    ['webhook https://ops.example.com/h', 'Slack', 'PagerDuty', 'email to a@example.com, b@example.com'],
  );
  assert.equal(filtersInWords({}), 'every event');
  assert.equal(
    filtersInWords({ environment: 'production', level: 'error', tags: ['customer=acme'] }),
    'environment production, level error or worse, tag customer=acme',
  );
});
