/**
 * Reading flags: one filter, validated once, shared by the API (`flags(filter)`) and the stewards'
 * export, so both serve the same data. Lists page by an opaque keyset cursor (worst severity first, then
 * newest), facets count by rule and status with `$match` + `$group`/`$sum` (what every supported store answers).
 */
import { Types, type FilterQuery } from 'mongoose';
import { STREAMS, type Stream } from '../auth/roles';
import { FLAG_SEVERITIES, FLAG_STATUSES, FlagModel, PERIOD_PATTERN, type Flag, type FlagRecord, type FlagSeverity, type FlagStatus } from './flagModel';
import { FlagWorkflowError } from './flags';

export interface FlagFilter {
  rule?: readonly string[] | null;
  severity?: readonly FlagSeverity[] | null;
  stream?: readonly string[] | null;
  status?: readonly FlagStatus[] | null;
  /** USCC of the party the flag concerns */
  party?: string | null;
  street?: string | null;
  /** exact period key: `YYYY-MM`, `YYYYQn` or `YYYY` */
  period?: string | null;
  /** API key id of the assignee */
  assignee?: string | null;
  /** case-insensitive substring of the subject key or label, or the evidence message */
  text?: string | null;
}

const MAX_TEXT_FILTER = 200;
const badInput = (message: string) => new FlagWorkflowError('BAD_USER_INPUT', message);

/** Literal text inside a regular expression: the text filter never runs a caller's pattern. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function nonEmpty<T>(values: readonly T[] | null | undefined): values is readonly T[] {
  return Array.isArray(values) && values.length > 0;
}

type Dimension = 'rule' | 'status';

/**
 * The MongoDB query for a filter, limited to the streams the caller may read. `without` leaves one
 * dimension out, so a facet counts every value of its own dimension under the other filters.
 */
export function flagQuery(
  filter: FlagFilter,
  visibleStreams: readonly Stream[] = STREAMS,
  without?: Dimension,
  /** the caller's agency: flags escalated to it are visible whatever their stream */
  escalatedToAgency: string | null = null,
): FilterQuery<Flag> {
  const and: FilterQuery<Flag>[] = [];
  let streams: readonly string[] = visibleStreams;
  let requested: readonly string[] = STREAMS;
  if (nonEmpty(filter.stream)) {
    const unknown = filter.stream.filter((s) => !STREAMS.includes(s as Stream));
    if (unknown.length) throw badInput(`unknown stream ${unknown.join(', ')}; streams are ${STREAMS.join(', ')}`);
    requested = filter.stream;
    streams = filter.stream.filter((s) => visibleStreams.includes(s as Stream));
  }
  if (streams.length < STREAMS.length) {
    const own: FilterQuery<Flag> = { stream: { $in: [...streams] } };
    if (escalatedToAgency === null) and.push(own);
    else {
      const escalated: FilterQuery<Flag> = requested.length < STREAMS.length ? { escalatedTo: escalatedToAgency, stream: { $in: [...requested] } } : { escalatedTo: escalatedToAgency };
      and.push({ $or: [own, escalated] });
    }
  }
  if (nonEmpty(filter.rule) && without !== 'rule') and.push({ rule: { $in: [...filter.rule] } });
  if (nonEmpty(filter.status) && without !== 'status') {
    const unknown = filter.status.filter((s) => !FLAG_STATUSES.includes(s));
    if (unknown.length) throw badInput(`unknown status ${unknown.join(', ')}`);
    and.push({ status: { $in: [...filter.status] } });
  }
  if (nonEmpty(filter.severity)) {
    const unknown = filter.severity.filter((s) => !FLAG_SEVERITIES.includes(s));
    if (unknown.length) throw badInput(`unknown severity ${unknown.join(', ')}`);
    and.push({ severity: { $in: [...filter.severity] } });
  }
  if (filter.period != null) {
    if (!PERIOD_PATTERN.test(filter.period)) throw badInput(`period "${filter.period}" must be YYYY-MM, YYYYQn or YYYY`);
    and.push({ period: filter.period });
  }
  if (filter.party != null) and.push({ 'subject.partyUscc': filter.party.trim().toUpperCase() });
  if (filter.street != null) and.push({ 'subject.street': filter.street });
  if (filter.assignee != null) and.push({ 'assignee.id': filter.assignee });
  if (filter.text != null && filter.text.trim() !== '') {
    const text = filter.text.trim();
    if (text.length > MAX_TEXT_FILTER) throw badInput(`text filter is longer than ${MAX_TEXT_FILTER} characters`);
    const pattern = { $regex: escapeRegex(text), $options: 'i' };
    and.push({ $or: [{ 'subject.key': pattern }, { 'subject.label': pattern }, { 'evidence.message': pattern }] });
  }
  if (and.length === 0) return {};
  return and.length === 1 ? and[0]! : { $and: and };
}

// ---------------------------------------------------------------------------------------------------
// Pages

/** Where a page starts: after this flag in list order (the API's cursors carry it, signed: graphql/connections). */
export interface FlagPosition {
  severityRank: number;
  id: Types.ObjectId;
}

export interface FlagPage {
  flags: FlagRecord[];
  hasNextPage: boolean;
}

/** One page in list order (severity, then newest); reads `first + 1` to know whether more follow. */
export async function listFlags(query: FilterQuery<Flag>, first: number, after: FlagPosition | null): Promise<FlagPage> {
  let pageQuery = query;
  if (after) {
    const { severityRank: r, id: oid } = after;
    const beyond: FilterQuery<Flag> = { $or: [{ severityRank: { $lt: r } }, { severityRank: r, _id: { $lt: oid } }] };
    pageQuery = Object.keys(query).length ? { $and: [query, beyond] } : beyond;
  }
  const found = await FlagModel.find(pageQuery)
    .sort({ severityRank: -1, _id: -1 })
    .limit(first + 1)
    .lean<FlagRecord[]>();
  return { flags: found.slice(0, first), hasNextPage: found.length > first };
}

export function countFlags(query: FilterQuery<Flag>): Promise<number> {
  // unfiltered, the collection's own count (metadata) rather than a count of every flag
  return Object.keys(query).length === 0 ? FlagModel.estimatedDocumentCount().exec() : FlagModel.countDocuments(query).exec();
}

export interface FacetCount {
  value: string;
  count: number;
}

async function countBy(query: FilterQuery<Flag>, field: Dimension): Promise<FacetCount[]> {
  const groups = await FlagModel.aggregate<{ _id: string; count: number }>([
    { $match: query },
    { $group: { _id: `$${field}`, count: { $sum: 1 } } },
    { $sort: { _id: 1 } },
  ]);
  return groups.map((g) => ({ value: g._id, count: g.count }));
}

/** Counts by rule and by status; each ignores its own dimension of the filter (classic faceted search). */
export async function flagFacets(filter: FlagFilter, visibleStreams: readonly Stream[], escalatedToAgency: string | null = null): Promise<{ byRule: FacetCount[]; byStatus: FacetCount[] }> {
  const [byRule, byStatus] = await Promise.all([
    countBy(flagQuery(filter, visibleStreams, 'rule', escalatedToAgency), 'rule'),
    countBy(flagQuery(filter, visibleStreams, 'status', escalatedToAgency), 'status'),
  ]);
  return { byRule, byStatus };
}
