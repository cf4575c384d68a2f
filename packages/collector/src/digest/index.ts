/** Digest: batches → issues, events and counters, inside one store transaction. */
export { type CommitOptions, createCommit } from './commit.js';
export { type DigestOptions, type DigestResult, digest, digestBatches } from './digest.js';
export { reopens } from './regression.js';
