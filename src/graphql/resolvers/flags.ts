/**
 * Flags and the stewards' workflow. Resolvers stay thin: the filter and pages come from
 * reconcile/flagQuery, every mutation goes through reconcile/flags `actOnFlags` (which checks the
 * caller's stream scope against the flag); roles are enforced by `@auth` in schema/flags.graphql.
 */
import type { FilterQuery } from 'mongoose';
import { agencyScope, type Caller, type Stream } from '../../auth/roles';
import { config } from '../../config';
import type { Flag, FlagRecord } from '../../reconcile/flagModel';
import { countFlags, flagFacets, flagQuery, listFlags, type FlagFilter, type FlagPage, type FlagPosition } from '../../reconcile/flagQuery';
import { countersServe, tallyFlags, type FlagTally } from '../../reconcile/flagCounts';
import { decodeCursor, encodeCursor, type SortKey } from '../connections';
import { actOnFlag, actOnFlags, escalationReader, findFlags, FlagWorkflowError, goldenValue, mayReadFlag, type FlagActionOutcome, type FlagActionRequest, type ResolveInput } from '../../reconcile/flags';
import { badInput, HubError } from '../errors';
import type { GraphQLContext } from '../context';
import type { SourceRecordRecord } from '../loaders';
import { recomputeAfterDecision } from '../recompute';
import { assertReadable, readableStreams } from '../streamScope';
import type { ResolveFlagInput, Resolvers } from '../generated/resolvers';

/** What `flags` returns: the page is read eagerly, the count and facets only when selected. */
export interface FlagConnectionParent {
  filter: FlagFilter;
  streams: readonly Stream[];
  /** the caller's agency, whose escalated flags the list includes (a party page lists by stream only) */
  agency?: string | null;
  query: FilterQuery<Flag>;
  page: FlagPage;
  after: string | null;
}

/** A page's total and facets from the flag counters (reconcile/flagCounts.ts), read once for both fields. */
const tallies = new WeakMap<FlagConnectionParent, Promise<FlagTally>>();
function tally(parent: FlagConnectionParent): Promise<FlagTally> {
  let counted = tallies.get(parent);
  if (!counted) {
    counted = tallyFlags(parent.filter, parent.streams, parent.agency ?? null);
    tallies.set(parent, counted);
  }
  return counted;
}

/** Flags in list order: worst severity first, then newest; the one cursor codec signs their positions. */
export const FLAG_SORT: SortKey<Pick<Flag, 'severityRank'>> = { name: 'flags', field: 'severityRank', direction: -1, kind: 'number' };

/** A client's `after` as a position in flag order (BAD_USER_INPUT unless this API signed it). */
export function flagPosition(after: string | null | undefined): FlagPosition | null {
  if (after == null) return null;
  const { value, id } = decodeCursor(after, FLAG_SORT);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badInput('`after` is not a cursor of this list', 'after');
  return { severityRank: value, id };
}

/** The workflow's refusals become API errors with the same code. */
async function translated<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof FlagWorkflowError) throw new HubError(err.code, err.message);
    throw err;
  }
}

function pageSize(first: number | null | undefined, what: string): number {
  const max = config().API_MAX_PAGE_SIZE;
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 0 || size > max) throw badInput(`${what} must be between 0 and ${max} (API_MAX_PAGE_SIZE); got ${size}`, what);
  return size;
}

function bulkIds(ids: readonly string[]): readonly string[] {
  if (ids.length === 0) throw badInput('ids must name at least one flag', 'ids');
  pageSize(ids.length, 'ids');
  return ids;
}

function resolveInput(input: ResolveFlagInput): ResolveInput {
  if (input.kind === 'ACCEPT_SIDE') {
    if (input.side == null) throw badInput('an ACCEPT_SIDE resolution needs `side`', 'side');
    return { kind: 'ACCEPT_SIDE', side: input.side, reason: input.reason };
  }
  let correctedGrams: number | null = null;
  if (input.correctedGrams != null) {
    correctedGrams = Number(input.correctedGrams);
    if (!Number.isSafeInteger(correctedGrams)) throw badInput(`correctedGrams ${input.correctedGrams} is beyond the exact integer range`, 'correctedGrams');
  }
  return { kind: 'CORRECTED_VALUE', correctedGrams, correctedValue: input.correctedValue, correctedUnit: input.correctedUnit, reason: input.reason };
}

const one = (caller: Caller | null, id: string, request: () => FlagActionRequest) => translated(() => actOnFlag(caller!, id, request()));

const bulk = (caller: Caller | null, ids: readonly string[], request: () => FlagActionRequest): Promise<FlagActionOutcome[]> =>
  translated(() => actOnFlags(caller!, bulkIds(ids), request()));

/** Decisions that change golden values or open-flag shares: the flags' periods are recomputed. */
async function deciding(context: GraphQLContext, flag: Promise<FlagRecord>): Promise<FlagRecord> {
  const decided = await flag;
  await recomputeAfterDecision(context, [decided.period]);
  return decided;
}

async function decidingAll(context: GraphQLContext, outcomes: Promise<FlagActionOutcome[]>): Promise<FlagActionOutcome[]> {
  const decided = await outcomes;
  await recomputeAfterDecision(context, decided.map((o) => o.flag?.period));
  return decided;
}

export const flagResolvers: Resolvers = {
  Query: {
    flags: (_parent, { filter, first, after }, { caller }) =>
      translated(async () => {
        const size = pageSize(first, 'first');
        const streams = readableStreams(caller!);
        const flagFilter: FlagFilter = filter ?? {};
        const agency = escalationReader(caller!);
        const query = flagQuery(flagFilter, streams, undefined, agency);
        const page = await listFlags(query, size, flagPosition(after));
        return { filter: flagFilter, streams, agency, query, page, after: after ?? null };
      }),
    flag: (_parent, { id }, { caller }) =>
      translated(async () => {
        const flag = (await findFlags([id])).get(id);
        if (!flag) throw new FlagWorkflowError('NOT_FOUND', `flag ${id} does not exist`);
        // an escalated flag is readable by the target agency's stewards whatever its stream
        if (!mayReadFlag(caller!, readableStreams(caller!), flag)) assertReadable(caller!, flag.stream, 'flags');
        return flag;
      }),
  },
  Mutation: {
    acknowledgeFlag: (_p, { id, note }, { caller }) => one(caller, id, () => ({ kind: 'ACKNOWLEDGE', note })),
    assignFlag: (_p, { id, assignee }, { caller }) => one(caller, id, () => ({ kind: 'ASSIGN', assigneeKeyId: assignee ?? null })),
    commentOnFlag: (_p, { id, text }, { caller }) => one(caller, id, () => ({ kind: 'COMMENT', text })),
    resolveFlag: (_p, { id, input }, context) => deciding(context, one(context.caller, id, () => ({ kind: 'RESOLVE', resolution: resolveInput(input) }))),
    dismissFlag: (_p, { id, reason }, context) => deciding(context, one(context.caller, id, () => ({ kind: 'DISMISS', reason }))),
    reopenFlag: (_p, { id, reason }, context) => deciding(context, one(context.caller, id, () => ({ kind: 'REOPEN', reason }))),
    escalateFlag: (_p, { id, agency, reason }, { caller }) => one(caller, id, () => ({ kind: 'ESCALATE', agency, reason })),
    acknowledgeFlags: (_p, { ids, note }, { caller }) => bulk(caller, ids, () => ({ kind: 'ACKNOWLEDGE', note })),
    assignFlags: (_p, { ids, assignee }, { caller }) => bulk(caller, ids, () => ({ kind: 'ASSIGN', assigneeKeyId: assignee ?? null })),
    commentOnFlags: (_p, { ids, text }, { caller }) => bulk(caller, ids, () => ({ kind: 'COMMENT', text })),
    resolveFlags: (_p, { ids, input }, context) => decidingAll(context, bulk(context.caller, ids, () => ({ kind: 'RESOLVE', resolution: resolveInput(input) }))),
    dismissFlags: (_p, { ids, reason }, context) => decidingAll(context, bulk(context.caller, ids, () => ({ kind: 'DISMISS', reason }))),
    reopenFlags: (_p, { ids, reason }, context) => decidingAll(context, bulk(context.caller, ids, () => ({ kind: 'REOPEN', reason }))),
  },
  FlagConnection: {
    edges: ({ page }) => page.flags.map((flag) => ({ cursor: encodeCursor(flag, FLAG_SORT), node: flag })),
    pageInfo: ({ page, after }) => ({
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after !== null,
      startCursor: page.flags[0] ? encodeCursor(page.flags[0], FLAG_SORT) : null,
      endCursor: page.flags.length ? encodeCursor(page.flags[page.flags.length - 1]!, FLAG_SORT) : null,
    }),
    totalCount: async (parent) => (countersServe(parent.filter) ? (await tally(parent)).totalCount : countFlags(parent.query)),
    facets: async (parent) => (countersServe(parent.filter) ? tally(parent) : flagFacets(parent.filter, parent.streams, parent.agency ?? null)),
  },
  Flag: {
    id: (flag) => flag._id.toHexString(),
    goldenValue: (flag) => goldenValue(flag),
    escalatedTo: (flag) => (flag.escalatedTo ?? []).map((code) => agencyScope(code) ?? { code, name: code, fullName: code, formerNames: [], streams: [] }),
  },
  FlagEvidence: {
    differenceGrams: (evidence) => gramsOrNull(evidence.differenceGrams),
  },
  FlagSide: {
    grams: (side) => gramsOrNull(side.grams),
    sourceRecordIds: (side) => side.sourceRecordIds,
    records: async (side, _args, { caller, loaders }) => {
      const readable = readableStreams(caller!);
      // ids are stored as text in the evidence; one that is not an ObjectId names no record
      const ids = side.sourceRecordIds.filter((id) => /^[0-9a-f]{24}$/i.test(id));
      const records = await loaders.sourceRecordById.loadMany(ids);
      return records.filter((r): r is SourceRecordRecord => {
        if (r instanceof Error) throw r;
        return r !== null && (readable as readonly string[]).includes(r.source);
      });
    },
  },
  FlagResolution: {
    correctedGrams: (resolution) => gramsOrNull(resolution.correctedGrams),
  },
  FlagGoldenValue: {
    grams: (golden) => gramsOrNull(golden.grams),
  },
  FlagActionResult: {
    error: (outcome) => (outcome.error ? { code: outcome.error.code, message: outcome.error.message } : null),
  },
};

function gramsOrNull(grams: number | null | undefined): string | null {
  return grams == null ? null : String(grams);
}
