/** Job history (JobRun) and manual triggers. */
import { randomUUID } from 'node:crypto';
import { JobRunModel, type JobRun } from '../../../jobs/jobRun';
import { validatePeriod } from '../../model/validators';
import { paginate, type SortKey } from '../connections';
import { badInput } from '../errors';
import type { Resolvers } from '../generated/resolvers';

const NEWEST_FIRST: SortKey<JobRun> = { name: 'jobs', field: 'queuedAt', direction: -1, kind: 'date' };

export const jobResolvers: Resolvers = {
  Query: {
    jobs: async (_parent, { filter, first, after }) => {
      const match: Record<string, unknown> = {};
      if (filter?.kind) match.kind = filter.kind;
      if (filter?.status) match.status = filter.status;
      if (filter?.origin) match.origin = filter.origin;
      const page = await paginate(JobRunModel, match, NEWEST_FIRST, { first, after });
      return { edges: page.edges, pageInfo: page.pageInfo, totalCount: await page.count() };
    },
    // exec(): a bare mongoose Query is a thenable that throws when a second `then` runs it again.
    job: (_parent, { jobId }) => JobRunModel.findOne({ jobId }).lean().exec(),
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
