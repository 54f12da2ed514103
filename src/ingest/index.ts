/** The sync engine and its shells (CLI, jobs, GraphQL use these). */
export { runSync, type SyncOptions, type SyncRunSummary, type BatchInfo } from './engine';
export { exportQuarantine, type QuarantineExportOptions } from './quarantineExport';
export { registerSyncJobs } from './jobs';
export { SyncLockedError } from './lock';
