/** Reconciliation: trigger a run (as a 'reconcile' job) and read the run history. */
import { randomUUID } from 'node:crypto';
import { validatePeriod } from '../../model/validators';
import { ReconcileRunModel, type ReconcileRun } from '../../reconcile/reconcileRunModel';
import { paginate, type SortKey } from '../connections';
import { RULES } from '../../reconcile/rules';
import { badInput } from '../errors';
import { STREAMS } from '../../auth/roles';
import { assertWritable, writableStreams } from '../streamScope';
import type { Resolvers } from '../generated/resolvers';

const NEWEST_FIRST: SortKey<ReconcileRun> = { name: 'reconcileRuns', field: 'startedAt', direction: -1, kind: 'date' };

export const reconcileResolvers: Resolvers = {
  Query: {
    reconcileRuns: async (_parent, { first, after }) => {
      const page = await paginate(ReconcileRunModel, {}, NEWEST_FIRST, { first: first ?? 20, after });
      return { edges: page.edges, pageInfo: page.pageInfo, totalCount: await page.count() };
    },
  },
  Mutation: {
    runReconciliation: async (_parent, { period, full }, { caller, jobs }) => {
      const checked = validatePeriod(period);
      if (!checked.ok) throw badInput(`period: ${checked.reason}`, 'period');
      // a steward of some streams runs the rules of those streams only; none of them: FORBIDDEN
      const writable = writableStreams(caller!);
      const rules = writable.length === STREAMS.length ? undefined : RULES.filter((r) => writable.includes(r.stream)).map((r) => r.id);
      if (rules?.length === 0) assertWritable(caller!, STREAMS, 'run reconciliation');
      const jobId = `manual-reconcile-${randomUUID()}`;
      await jobs.enqueue('reconcile', { period: checked.value.key, ...(full ? { full: true } : {}), ...(rules ? { rules } : {}) }, jobId, { origin: 'manual', requestedBy: caller!.keyId });
      return jobId;
    },
  },
  ReconcileRun: {
    requestedBy: (run) => run.actor.label,
    changed: (run) => run.changed ?? {},
    checkpoints: (run) => run.checkpoints.map((c) => ({ ...c, syncRunId: c.syncRunId.toHexString() })),
  },
};
