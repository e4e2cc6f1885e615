export * from './profiles.js';
export * from './links.js';
export * from './credentials.js';
export * from './queue.js';
export * from './inbox.js';
export * from './connectors.js';
export * from './alerts.js';
export * from './failed-records.js';
