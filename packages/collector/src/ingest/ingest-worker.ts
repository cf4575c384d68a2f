/**
 * The entry of one ingest worker thread (worker-pool.ts starts it). It runs one job at a time:
 * build-batch.ts's buildBatch, the very code the main thread runs without a pool, and posts back
 * the batch (attachment bytes transferred, not copied) or the refusal's status, detail and
 * headers. A bug of ours (any other error) is posted as such and answered 500, as in-process.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { type BuildBounds, type BuildJob, buildBatch } from './build-batch.js';
import { IngestRejection } from './http-errors.js';
import { scrubbers } from './scrubber.js';
import type { WorkerFaults, WorkerReply, WorkerRequest } from './worker-messages.js';

const { bounds, faults } = workerData as { bounds: BuildBounds; faults?: WorkerFaults };
// One more level than the JSON bound: redact counts the top-level object as depth 1 too.
const scrubberFor = scrubbers(bounds.maxJsonDepth + 1);
const port = parentPort;
if (port === null) throw new Error('ingest-worker.js runs as a worker thread only');

/** Tests' hook (WorkerFaults): a body holding the marker exits or hangs this worker. */
function injectFault(job: BuildJob): void {
  if (faults === undefined) return;
  const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
  if (faults.exitMarker !== undefined && body.includes(faults.exitMarker)) process.exit(1);
  if (faults.hangMarker !== undefined && body.includes(faults.hangMarker)) for (;;);
}

async function run(job: BuildJob): Promise<{ reply: WorkerReply; transfer: ArrayBuffer[] }> {
  try {
    injectFault(job);
    const built = await buildBatch(job, bounds, scrubberFor(job.scrubKeys));
    // Each kept attachment owns its ArrayBuffer (attachment-item.ts copies it): move it.
    const transfer = built.batch.attachments.map((a) => a.bytes.buffer as ArrayBuffer);
    return { reply: { ok: true, built }, transfer };
  } catch (err) {
    if (err instanceof IngestRejection)
      return {
        reply: { ok: false, status: err.status, detail: err.message, headers: err.headers },
        transfer: [],
      };
    return { reply: { ok: false, bug: String((err as Error)?.stack ?? err) }, transfer: [] };
  }
}

port.on('message', (request: WorkerRequest) => {
  void run(request.job).then(({ reply, transfer }) => port.postMessage(reply, transfer));
});
