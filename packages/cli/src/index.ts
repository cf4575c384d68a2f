export * from './args.js';
export * from './password-input.js';
export * from './serve.js';
export * from './user-add.js';
export * from './user-command.js';
export * from './user-list.js';
export * from './user-passwd.js';
export * from './user-remove.js';
