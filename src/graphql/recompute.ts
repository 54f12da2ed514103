/**
 * After a steward's decision (flag resolved, dismissed or reopened; resolution case merged; manual
 * input), the affected periods' indicators are recomputed by a coalesced job (jobs/recompute.ts). The
 * decision is already stored when this runs: if the job cannot be queued, the mutation still succeeds
 * and the nightly indicators job picks the decision up.
 */
import { requestIndicatorRecompute } from '../../jobs/recompute';
import type { GraphQLContext } from './context';

export async function recomputeAfterDecision(context: GraphQLContext, periods: readonly (string | null | undefined)[]): Promise<void> {
  const wanted = [...new Set(periods.filter((p): p is string => typeof p === 'string' && p !== ''))];
  if (wanted.length === 0) return;
  try {
    await requestIndicatorRecompute(context.jobs, { periods: wanted, requestedBy: context.caller?.keyId ?? 'unknown' });
  } catch (err) {
    context.log.error({ err, periods: wanted }, 'could not queue the indicator recompute after a decision; the nightly job will include it');
  }
}
