/** Job history (JobRun) and manual triggers. */
import { randomUUID } from 'node:crypto';
import { JobRunModel, type JobRun } from '../../../jobs/jobRun';
import { config } from '../../config';
import { validatePeriod } from '../../model/validators';
import { badInput } from '../errors';
import type { Resolvers } from '../generated/resolvers';

/** Cursor = base64 of `queuedAt millis|jobId`: newest first, ties broken by id. */
function encodeCursor(run: Pick<JobRun, 'queuedAt' | 'jobId'>): string {
  return Buffer.from(`${new Date(run.queuedAt).getTime()}|${run.jobId}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; jobId: string } {
  const [millis, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(Number(millis));
  if (!rest.length || Number.isNaN(at.getTime())) throw badInput('`after` is not a cursor this API issued', 'after');
  return { at, jobId: rest.join('|') };
}

export const jobResolvers: Resolvers = {
  Query: {
    jobs: async (_parent, { filter, first, after }) => {
      const limit = first ?? 50;
      if (limit < 0 || limit > config().API_MAX_PAGE_SIZE) throw badInput(`first must be between 0 and ${config().API_MAX_PAGE_SIZE}`, 'first');
      const match: Record<string, unknown> = {};
      if (filter?.kind) match.kind = filter.kind;
      if (filter?.status) match.status = filter.status;
      if (filter?.origin) match.origin = filter.origin;
      const page: Record<string, unknown> = { ...match };
      if (after) {
        const { at, jobId } = decodeCursor(after);
        page.$or = [{ queuedAt: { $lt: at } }, { queuedAt: at, jobId: { $lt: jobId } }];
      }
      const [runs, totalCount] = await Promise.all([
        JobRunModel.find(page).sort({ queuedAt: -1, jobId: -1 }).limit(limit + 1).lean(),
        JobRunModel.countDocuments(match),
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
    job: (_parent, { jobId }) => JobRunModel.findOne({ jobId }).lean(),
  },
  Mutation: {
    runJob: async (_parent, { kind, source, period, full }, { caller, jobs }) => {
      if (kind === 'sync' && !source) throw badInput('a sync needs `source` (a source id or `all`)', 'source');
      if (period) {
        const checked = validatePeriod(period, 'MONTH');
        if (!checked.ok) throw badInput(`period: ${checked.reason}`, 'period');
      }
      const input = { ...(source ? { source } : {}), ...(period ? { period } : {}), ...(full ? { full: true } : {}) };
      const jobId = `manual-${kind}-${randomUUID()}`;
      await jobs.enqueue(kind, input, jobId, { origin: 'manual', requestedBy: caller!.keyId });
      return (await JobRunModel.findOne({ jobId }).lean())!;
    },
  },
  Job: {
    input: (run) => run.input ?? {},
  },
};
