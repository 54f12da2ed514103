/** Job history (JobRun) and manual triggers. */
import { randomUUID } from 'node:crypto';
import { JobRunModel, type JobRun } from '../../../jobs/jobRun';
import { validatePeriod } from '../../model/validators';
import { paginate, type SortKey } from '../connections';
import { badInput } from '../errors';
import { jobScopeClause, mayReadJob } from '../streamScope';
import type { Resolvers } from '../generated/resolvers';

const NEWEST_FIRST: SortKey<JobRun> = { name: 'jobs', field: 'queuedAt', direction: -1, kind: 'date' };

export const jobResolvers: Resolvers = {
  Query: {
    jobs: async (_parent, { filter, first, after }, { caller }) => {
      const match: Record<string, unknown> = { ...jobScopeClause(caller!) };
      if (filter?.kind) match.kind = filter.kind;
      if (filter?.status) match.status = filter.status;
      if (filter?.origin) match.origin = filter.origin;
      const page = await paginate(JobRunModel, match, NEWEST_FIRST, { first, after });
      return { edges: page.edges, pageInfo: page.pageInfo, totalCount: await page.count() };
    },
    // a job outside the caller's scope is answered like one that does not exist: its id says nothing
    job: async (_parent, { jobId }, { caller }) => {
      const job = await JobRunModel.findOne({ jobId }).lean().exec();
      return job && mayReadJob(caller!, job) ? job : null;
    },
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
