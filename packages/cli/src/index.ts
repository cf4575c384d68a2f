export * from './args.js';
export * from './serve.js';
