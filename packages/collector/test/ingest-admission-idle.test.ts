/**
 * Regression ("Hardening the collector" §3): admission counted every request waiting for its
 * body as work in flight, and read a sample timer firing 1 ms late as a saturated loop, so 1,000
 * slow connections got a third of a light valid stream refused with 429 while the process was
 * all but idle. Now only requests whose body has arrived count, and only measured utilization (and
 * the CPU the process really got) says the loop is saturated. 1,000 slow uploads, keyless and
 * keyed, stay open while a valid project sends at about a tenth of what this test server accepts:
 * none of its events may be refused.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  envelopeUrl,
  eventEnvelope,
  eventId,
  type HeldRequest,
  heldRequest,
  KEY2,
  postEnvelope,
  type Reply,
  repliesIfAllAnswered,
  startServer,
  trickle,
} from './ingest-helpers.js';

/** Slow uploads, half without a key (their envelope header trickles in), half with one. */
const SLOW_CONNECTIONS = 1_000;
/** Opened in groups, so the listen backlog never overflows into SYN retries. */
const OPEN_GROUP = 100;
/** Each slow upload sends one byte this often: waiting on the network, never done. */
const TRICKLE_EVERY_MS = 1_000;
/** The valid stream: VALID_EVENTS, one every VALID_EVERY_MS (at most 100/s, about 6 s), a tenth
 * of what this test server and its clients handle per CPU-second (measured ~1,250/s, 32
 * closed-loop senders). A count, not a duration: a loaded machine's late timers only slow it. */
const VALID_EVERY_MS = 10;
const VALID_EVENTS = 600;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ingest admission: slow connections do not make an idle collector refuse', {
  timeout: 60_000,
}, () => {
  it('refuses none of a light valid stream while 1,000 slow uploads are open', async (t) => {
    // No body-rate floor here: the slow uploads must stay open all along (the floor has its own test).
    const s = await startServer({ minBodyBytesPerS: 0 });
    const slow: HeldRequest[] = [];
    const stopTrickle = trickle(slow, TRICKLE_EVERY_MS, () => ' ');
    try {
      for (let i = 0; i < SLOW_CONNECTIONS; i += OPEN_GROUP) {
        for (let j = i; j < Math.min(SLOW_CONNECTIONS, i + OPEN_GROUP); j++) {
          const r = heldRequest(envelopeUrl(s.url, 1, j % 2 === 0 ? null : KEY2));
          r.write(j % 2 === 0 ? '{"event_id":' : `{"event_id":"${eventId()}"}\n`);
          slow.push(r);
        }
        await sleep(50);
      }
      await sleep(500);
      t.diagnostic(`body bytes held by the slow uploads: ${s.handler.stats().inflightBodyBytes}`);

      const replies: Promise<Reply>[] = [];
      let peakInflight = 0;
      for (let i = 0; i < VALID_EVENTS; i++) {
        replies.push(postEnvelope(s.url, eventEnvelope({ message: 'valid' })));
        peakInflight = Math.max(peakInflight, s.handler.stats().inflightRequests);
        await sleep(VALID_EVERY_MS);
      }
      const answers = await Promise.all(replies);
      const refused = answers.filter((r) => r.status !== 200);
      const { eventLoopUtilization } = s.handler.stats();
      t.diagnostic(
        `${answers.length - refused.length} of ${answers.length} valid events accepted; working requests at most ${peakInflight}; loop utilization ${eventLoopUtilization.toFixed(2)}`,
      );
      assert.deepEqual(
        refused.map((r) => `${r.status} ${r.json?.detail}`),
        [],
        'no valid event was refused',
      );
      const open = (await repliesIfAllAnswered(slow)).length;
      assert.equal(open, 0, 'the slow uploads were still open throughout');
      assert.ok(peakInflight < SLOW_CONNECTIONS / 10, `slow uploads counted as work: ${peakInflight}`);
    } finally {
      stopTrickle();
      for (const r of slow) r.destroy();
      await s.close();
    }
  });
});
