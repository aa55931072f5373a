/**
 * The local adapter: a real backend in the browser's IndexedDB, for demos, prototypes, tests and
 * single-browser use. Not a security boundary: all data is in the browser (see `LocalBackend`).
 */
export { createLocalAdapter, LocalBackend, type LocalBackendOptions } from './backend.js';
export { DEMO_VIEWER_ID, type DemoConversation } from './demo.js';
export { LocalAdapter } from './adapter.js';
export { openLocalUnreadSource } from './unread-source.js';
export { loadDataset } from './dataset.js';
export type { EmailRecord } from './schema.js';
