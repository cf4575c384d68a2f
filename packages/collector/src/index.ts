export * from './ingest-batch.js';
