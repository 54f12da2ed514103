/** Sync metrics on the hub's prom-client registry (/metrics): records by outcome, freshness, last success. */
import { Counter, Gauge } from 'prom-client';
import { registry } from '../infra/metrics';

export const syncRecords = new Counter({
  name: 'hub_sync_records_total',
  help: 'Source records read by sync, by outcome (new, changed, unchanged, quarantined) and written (written = new + changed)',
  labelNames: ['source', 'stream', 'outcome'] as const,
  registers: [registry],
});

export const syncLag = new Gauge({
  name: 'hub_sync_lag_seconds',
  help: 'Seconds between the end of the last sync of a stream and the newest source change time it stored',
  labelNames: ['source', 'stream'] as const,
  registers: [registry],
});

export const syncLastSuccess = new Gauge({
  name: 'hub_sync_last_success_timestamp_seconds',
  help: 'When a stream last synced successfully (unix seconds)',
  labelNames: ['source', 'stream'] as const,
  registers: [registry],
});
