/**
 * Answering before the request body was read (a refused key, a 413, a bomb). Two bad options:
 * leave the body unread on a keep-alive connection (Node would then read it all, however big, to
 * reach the next request), or answer and close at once (the client, still writing, may get a
 * reset before it reads the answer). So: read and discard up to MAX_DRAIN_BYTES for up to
 * MAX_DRAIN_MS, answer on a kept-alive connection if the body ended, else answer with
 * `Connection: close` and let Node close the socket once the answer is flushed (Go's net/http
 * does the same with its 256 KiB discard limit).
 */

import type { IncomingMessage } from 'node:http';
import { MAX_DRAIN_MS } from '../limits.js';

/**
 * Calls `send(headers)` once: with `{}` when the body was (or could be) read to its end, with
 * `{ connection: 'close' }` when it could not.
 * @example finishEarly(req, 1024 * 1024, (h) => sendRejection(res, rejection, h))
 */
export function finishEarly(
  req: IncomingMessage,
  maxDrainBytes: number,
  send: (headers: Record<string, string>) => void,
): void {
  if (req.complete) {
    send({});
    return;
  }
  if (req.destroyed) return; // the client is gone; nobody to answer
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxDrainBytes) {
    send({ connection: 'close' });
    return;
  }

  let drained = 0;
  let sent = false;
  const finish = (headers: Record<string, string>) => {
    if (sent) return;
    sent = true;
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', onEnd);
    send(headers);
    // The socket closes after the answer (Connection: close); keep discarding until then.
    if (headers.connection === 'close') req.resume();
  };
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > maxDrainBytes) finish({ connection: 'close' });
  };
  const onEnd = () => finish({});
  const timer = setTimeout(() => finish({ connection: 'close' }), MAX_DRAIN_MS);
  req.on('data', onData);
  req.once('end', onEnd);
  req.once('error', () => finish({ connection: 'close' }));
  req.resume();
}
