/** Quarantine retry over the API (src/ingest/retry.ts); ADMIN only, by `@auth` in schema/quarantine.graphql. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SOURCES } from '../../model/reference/agencies';
import { retryQuarantine } from '../../ingest/retry';
import { SyncLockedError } from '../../ingest/lock';
import { badInput, conflict } from '../errors';
import type { Resolvers } from '../generated/resolvers';

const retryArgs = z.object({
  source: z.enum(SOURCES).nullish(),
  stream: z.string().trim().min(1).max(100).nullish(),
});

export const quarantineResolvers: Resolvers = {
  Mutation: {
    retryQuarantine: async (_parent, args, { caller, jobs }) => {
      const parsed = retryArgs.safeParse(args);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw badInput(`${String(issue.path[0])}: ${issue.message}`, String(issue.path[0]));
      }
      let summaries;
      try {
        // connector rejects are left to a queued sync: a full read does not belong in a request
        summaries = await retryQuarantine({ source: parsed.data.source, stream: parsed.data.stream, reread: false });
      } catch (err) {
        if (err instanceof SyncLockedError) throw conflict(err.message);
        throw err;
      }
      const resync = new Map<string, string>();
      for (const source of new Set(summaries.filter((s) => s.connectorRejects > 0).map((s) => s.source))) {
        const jobId = `manual-sync-${randomUUID()}`;
        await jobs.enqueue('sync', { source, full: true }, jobId, { origin: 'quarantine-retry', requestedBy: caller!.keyId });
        resync.set(source, jobId);
      }
      return summaries.map((s) => ({ ...s, resyncJobId: s.connectorRejects > 0 ? (resync.get(s.source) ?? null) : null }));
    },
  },
};
