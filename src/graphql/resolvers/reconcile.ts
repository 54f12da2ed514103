/** Reconciliation: trigger a run (as a 'reconcile' job) and read the run history. */
import { randomUUID } from 'node:crypto';
import { config } from '../../config';
import { validatePeriod } from '../../model/validators';
import { ReconcileRunModel, type ReconcileRunRecord } from '../../reconcile/reconcileRunModel';
import { badInput } from '../errors';
import type { Resolvers } from '../generated/resolvers';

/** Cursor = base64 of `startedAt millis|runId`: newest first, ties broken by run id. */
function encodeCursor(run: Pick<ReconcileRunRecord, 'startedAt' | 'runId'>): string {
  return Buffer.from(`${new Date(run.startedAt).getTime()}|${run.runId}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; runId: string } {
  const [millis, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(Number(millis));
  if (!rest.length || Number.isNaN(at.getTime())) throw badInput('`after` is not a cursor this API issued', 'after');
  return { at, runId: rest.join('|') };
}

export const reconcileResolvers: Resolvers = {
  Query: {
    reconcileRuns: async (_parent, { first, after }) => {
      const limit = first ?? 20;
      if (limit < 0 || limit > config().API_MAX_PAGE_SIZE) throw badInput(`first must be between 0 and ${config().API_MAX_PAGE_SIZE}`, 'first');
      const page: Record<string, unknown> = {};
      if (after) {
        const { at, runId } = decodeCursor(after);
        page.$or = [{ startedAt: { $lt: at } }, { startedAt: at, runId: { $lt: runId } }];
      }
      const [runs, totalCount] = await Promise.all([
        ReconcileRunModel.find(page).sort({ startedAt: -1, runId: -1 }).limit(limit + 1).lean<ReconcileRunRecord[]>(),
        ReconcileRunModel.countDocuments({}),
      ]);
      const nodes = runs.slice(0, limit);
      return {
        edges: nodes.map((node) => ({ cursor: encodeCursor(node), node })),
        pageInfo: {
          hasNextPage: runs.length > limit,
          hasPreviousPage: Boolean(after),
          startCursor: nodes[0] ? encodeCursor(nodes[0]) : null,
          endCursor: nodes.at(-1) ? encodeCursor(nodes.at(-1)!) : null,
        },
        totalCount,
      };
    },
  },
  Mutation: {
    runReconciliation: async (_parent, { period, full }, { caller, jobs }) => {
      const checked = validatePeriod(period);
      if (!checked.ok) throw badInput(`period: ${checked.reason}`, 'period');
      const jobId = `manual-reconcile-${randomUUID()}`;
      await jobs.enqueue('reconcile', { period: checked.value.key, ...(full ? { full: true } : {}) }, jobId, { origin: 'manual', requestedBy: caller!.keyId });
      return jobId;
    },
  },
  ReconcileRun: {
    requestedBy: (run) => run.actor.label,
    changed: (run) => run.changed ?? {},
    checkpoints: (run) => run.checkpoints.map((c) => ({ ...c, syncRunId: c.syncRunId.toHexString() })),
  },
};
