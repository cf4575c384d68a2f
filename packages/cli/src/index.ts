export * from './args.js';
export * from './password-input.js';
export * from './serve.js';
export * from './user-add.js';
