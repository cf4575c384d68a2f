export * from './graded-share.js';
export * from './loop-window.js';
export * from './sample-clock.js';
export * from './turn-guard.js';
