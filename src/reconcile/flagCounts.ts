/**
 * Flag counters for the queue's total and facets: how many flags there are per stream × rule × status ×
 * severity × period, kept in one small document per stream (`s:<stream>`) and one per agency for the
 * flags escalated to it (`e:<agency>`, cells per stream as well), so a queue read costs a handful of
 * `{_id}` point reads instead of a count and two `$group`s over every flag (each a whole-collection scan on
 * the embedded store). The flag writers (reconcile/flags.ts: the engine's upserts and closes, the
 * stewards' actions) mark the documents they will change pending before writing flags
 * (`beginFlagCountsWrite`), and add the write's difference (`flagCountDelta`) with the mark lifted in
 * one update after it; a batch whose writes did not all apply as planned (a concurrent steward) marks
 * the counters unvouched instead. An unvouched or missing document, or one with a mark older than
 * FLAG_COUNTS_PENDING_GRACE_MS (its writer died between its flags and its difference), is rebuilt from
 * the flags on its next read (`readFlagCounts`), and `hub flags counts rebuild|check` recomputes or
 * compares them (like `hub stats`, src/store/streamStats.ts).
 *
 * A rebuild replaces each document only if no mark or difference was added to it while the flags were
 * read (its `revision`), and starts over otherwise; its replacement lifts the marks it read. A writer
 * whose mark a rebuild lifted may have written its flags before or after the rebuild read them, so its
 * difference is not added: the counters are unvouched, and rebuilt on their next read.
 */
import { Schema, Types, model, type UpdateQuery } from 'mongoose';
import { AGENCY_CODES, STREAMS, type Stream } from '../model/reference/agencies';
import { childLogger } from '../infra/log';
import { FlagModel, type Flag, type FlagSeverity, type FlagStatus } from './flagModel';
import type { FacetCount, FlagFilter } from './flagQuery';

const log = childLogger('reconcile');

export interface FlagCounts {
  /** `s:<stream>` (flags of the stream) or `e:<agency>` (flags escalated to the agency) */
  _id: string;
  /** `<stream>|<rule>|<status>|<severity>|<period>` (dots and dollars escaped) → number of flags */
  cells: Record<string, number>;
  /** counts every mark and difference added since creation: a rebuild replaces only the revision it read */
  revision: number;
  /** writes under way: token → when its writer marked the document (before writing its flags) */
  pending?: Record<string, Date>;
  /** when a rebuild last set the cells from the flags; null: differences only, since creation */
  rebuiltAt: Date | null;
}

const flagCountsSchema = new Schema<FlagCounts>(
  {
    _id: { type: String, required: true },
    cells: { type: Schema.Types.Mixed, default: {} },
    revision: { type: Number, default: 0 },
    pending: { type: Schema.Types.Mixed, default: {} },
    rebuiltAt: { type: Date, default: null },
  },
  { collection: 'flagcounts', minimize: false, versionKey: false },
);

export const FlagCountsModel = model<FlagCounts>('FlagCounts', flagCountsSchema);

/** What a flag is counted by. */
export type CountedFlag = Pick<Flag, 'stream' | 'rule' | 'status' | 'severity' | 'period'> & { escalatedTo?: readonly string[] | null };

export const streamCountsId = (stream: string) => `s:${stream}`;
export const escalatedCountsId = (agency: string) => `e:${agency}`;

/** Every document a rebuild writes (a missing one of these means the counters were never built). */
const ALL_IDS: readonly string[] = [...STREAMS.map(streamCountsId), ...AGENCY_CODES.map(escalatedCountsId)];

// field names may not hold `.` or start with `$`; `%` first so the escape is reversible
const escapeField = (part: string) => part.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/\$/g, '%24');
const unescapeField = (part: string) => part.replace(/%24/g, '$').replace(/%2E/g, '.').replace(/%25/g, '%');

function cellKey(flag: CountedFlag): string {
  return [flag.stream, flag.rule, flag.status, flag.severity, flag.period].map(escapeField).join('|');
}

interface Cell {
  stream: string;
  rule: string;
  status: FlagStatus;
  severity: FlagSeverity;
  period: string;
  count: number;
}

function parseCell(key: string, count: number): Cell {
  const [stream, rule, status, severity, period] = key.split('|').map(unescapeField) as [string, string, FlagStatus, FlagSeverity, string];
  return { stream, rule, status, severity, period, count };
}

/** Counter document → cell → difference. */
export type FlagCountDelta = Map<string, Map<string, number>>;

function add(delta: FlagCountDelta, id: string, cell: string, n: number): void {
  const cells = delta.get(id) ?? new Map<string, number>();
  cells.set(cell, (cells.get(cell) ?? 0) + n);
  delta.set(id, cells);
}

/** Adds to `into` what a write that turned `before` into `after` (null: none) changes in the counters. Pure. */
export function flagCountDelta(before: CountedFlag | null, after: CountedFlag | null, into: FlagCountDelta = new Map()): FlagCountDelta {
  for (const [flag, n] of [[before, -1], [after, 1]] as const) {
    if (!flag) continue;
    const cell = cellKey(flag);
    add(into, streamCountsId(flag.stream), cell, n);
    for (const agency of new Set(flag.escalatedTo ?? [])) add(into, escalatedCountsId(agency), cell, n);
  }
  return into;
}

/** How long a write's mark may stay: an older one was left by a writer that died, and its documents are rebuilt. */
export const FLAG_COUNTS_PENDING_GRACE_MS = 10 * 60_000;

/** A flag write under way: its counter documents marked pending. */
export interface FlagCountsWrite {
  /** adds the write's difference and lifts its marks (one update per document); a mark a rebuild lifted meanwhile unvouches the counters */
  apply(delta: FlagCountDelta): Promise<void>;
}

/**
 * Before a flag write: the counter documents its planned difference touches are marked pending, one
 * `{_id}` update each, so a crash before the difference is added is seen by the readers.
 */
export async function beginFlagCountsWrite(planned: FlagCountDelta, now = new Date()): Promise<FlagCountsWrite> {
  const mark = `pending.${new Types.ObjectId().toHexString()}`;
  const marked = [...planned.keys()];
  if (marked.length > 0) {
    await FlagCountsModel.bulkWrite(
      marked.map((_id) => ({ updateOne: { filter: { _id }, update: { $set: { [mark]: now }, $inc: { revision: 1 }, $setOnInsert: { rebuiltAt: null } }, upsert: true } })),
      { ordered: false },
    );
  }
  return {
    async apply(delta) {
      const ops = [...new Set([...marked, ...delta.keys()])].map((_id) => {
        const inc: Record<string, number> = { revision: 1 };
        for (const [cell, n] of delta.get(_id) ?? []) if (n !== 0) inc[`cells.${cell}`] = n;
        const update: UpdateQuery<FlagCounts> = { $inc: inc, $unset: { [mark]: '' } };
        return { updateOne: { filter: { _id, [mark]: { $exists: true } }, update } };
      });
      if (ops.length === 0) return;
      const { matchedCount } = await FlagCountsModel.bulkWrite(ops, { ordered: false });
      if (matchedCount < ops.length) await unvouchFlagCounts('a rebuild read the flags while a flag write was under way');
    },
  };
}

/** Whether a document holds the mark of a write whose writer died (older than the grace). */
function hasDeadMark(doc: Pick<FlagCounts, 'pending'>, now: number): boolean {
  return Object.values(doc.pending ?? {}).some((at) => now - new Date(at).getTime() > FLAG_COUNTS_PENDING_GRACE_MS);
}

/** Some writes of a batch did not apply as planned: the counters are rebuilt on their next read. */
export async function unvouchFlagCounts(reason: string): Promise<void> {
  log.info({ reason }, 'flag counters marked for a rebuild');
  await Promise.all(ALL_IDS.map((_id) => FlagCountsModel.updateOne({ _id }, { $set: { rebuiltAt: null }, $inc: { revision: 1 } }).exec()));
}

/** The counters as the flags say now: one pass over the flags. */
export async function computeFlagCounts(at = new Date()): Promise<Map<string, FlagCounts>> {
  const docs = new Map<string, FlagCounts>(ALL_IDS.map((_id) => [_id, { _id, cells: {}, revision: 0, rebuiltAt: at }]));
  const delta: FlagCountDelta = new Map();
  const fields = { stream: 1, rule: 1, status: 1, severity: 1, period: 1, escalatedTo: 1 };
  for await (const flag of FlagModel.find({}, fields).lean<CountedFlag>().cursor()) flagCountDelta(null, flag, delta);
  for (const [_id, cells] of delta) {
    const doc = docs.get(_id) ?? { _id, cells: {}, revision: 0, rebuiltAt: at };
    for (const [cell, n] of cells) doc.cells[cell] = n;
    docs.set(_id, doc);
  }
  return docs;
}

const REBUILD_ATTEMPTS = 5;

/**
 * Recomputes every counter document from the flags. A document a writer added to while the flags were
 * read is not replaced, and the rebuild starts over (up to REBUILD_ATTEMPTS times); false if one still lost.
 */
export async function rebuildFlagCounts(): Promise<boolean> {
  // the reference's documents, and those of other agencies flags were escalated to (seen by an earlier attempt)
  const ids = new Set(ALL_IDS);
  for (let attempt = 0; attempt < REBUILD_ATTEMPTS; attempt += 1) {
    const seen = new Map((await pointReads<Pick<FlagCounts, '_id' | 'revision'>>([...ids], { revision: 1 })).map((d) => [d._id, d.revision]));
    const computed = await computeFlagCounts();
    for (const _id of computed.keys()) ids.add(_id);
    let lost = false;
    for (const doc of computed.values()) {
      const revision = seen.get(doc._id);
      if (revision === undefined) {
        // new here; a writer that created it meanwhile makes the insert fail: start over
        try {
          await FlagCountsModel.create({ ...doc, revision: 0 });
        } catch (err) {
          if ((err as { code?: number }).code !== 11000) throw err;
          lost = true;
        }
        continue;
      }
      const replaced = await FlagCountsModel.replaceOne({ _id: doc._id, revision }, { ...doc, revision: revision + 1 }).exec();
      if (replaced.matchedCount === 0) lost = true;
    }
    // documents of counters no flag has any more (a stream or agency of old flags): emptied
    for (const [_id, revision] of seen) {
      if (computed.has(_id)) continue;
      const replaced = await FlagCountsModel.replaceOne({ _id, revision }, { _id, cells: {}, revision: revision + 1, rebuiltAt: new Date() }).exec();
      if (replaced.matchedCount === 0) lost = true;
    }
    if (!lost) return true;
  }
  log.warn('flag counters kept changing during the rebuild: left for the next read to rebuild');
  await unvouchFlagCounts('rebuild lost to concurrent writers');
  return false;
}

/** Counters that differ from the flags: `<document> <cell>: stored n, actual m`. Empty when they agree. */
export async function checkFlagCounts(): Promise<string[]> {
  const computed = await computeFlagCounts();
  const stored = new Map((await pointReads<FlagCounts>([...new Set([...ALL_IDS, ...computed.keys()])])).map((d) => [d._id, d]));
  const drift: string[] = [];
  for (const actual of computed.values()) {
    const have = stored.get(actual._id)?.cells ?? {};
    for (const cell of new Set([...Object.keys(have), ...Object.keys(actual.cells)])) {
      const a = actual.cells[cell] ?? 0;
      const h = have[cell] ?? 0;
      if (a !== h) drift.push(`${actual._id} ${cell.split('|').map(unescapeField).join(' ')}: stored ${h}, actual ${a}`);
    }
  }
  return drift;
}

/** The counter documents with these ids that exist: one `{_id}` point read each, in parallel (a few dozen at most). */
async function pointReads<T extends { _id: string }>(ids: readonly string[], projection: Record<string, 1> | null = null): Promise<T[]> {
  const docs: (T | null)[] = await Promise.all(ids.map((_id) => FlagCountsModel.findOne({ _id }, projection).lean<T>().exec()));
  return docs.filter((doc): doc is T => doc !== null);
}

/** Before a flag writer starts: counters never built (a new database) are built now, while that is cheap. */
export async function ensureFlagCounts(): Promise<void> {
  const docs = await Promise.all(ALL_IDS.map((_id) => FlagCountsModel.findOne({ _id }, { rebuiltAt: 1 }).lean<Pick<FlagCounts, '_id' | 'rebuiltAt'>>().exec()));
  if (docs.some((doc) => !doc?.rebuiltAt)) await rebuildFlagCounts();
}

/**
 * The counter documents named, by point reads; any missing or unvouched one, or one a dead writer left
 * marked, rebuilds them all first.
 */
async function readFlagCounts(ids: readonly string[], now: number): Promise<FlagCounts[]> {
  const read = () => Promise.all(ids.map((_id) => FlagCountsModel.findOne({ _id }).lean<FlagCounts>().exec()));
  let docs = await read();
  // a document a rebuild writes that is missing or unvouched; another (an agency not in the reference) counts nothing yet
  if (docs.some((doc, i) => (doc ? !doc.rebuiltAt || hasDeadMark(doc, now) : ALL_IDS.includes(ids[i]!)))) {
    await rebuildFlagCounts();
    docs = await read();
  }
  return docs.filter((doc): doc is FlagCounts => doc !== null);
}

// ---------------------------------------------------------------------------------------------------
// The queue's counts

export interface FlagTally {
  totalCount: number;
  byRule: FacetCount[];
  byStatus: FacetCount[];
}

/** Whether the counters answer this filter: they know stream, rule, status, severity and period only. */
export function countersServe(filter: FlagFilter): boolean {
  // as flagQuery applies them: party, street and assignee whenever given, text unless blank
  return filter.party == null && filter.street == null && filter.assignee == null && (filter.text == null || filter.text.trim() === '');
}

const nonEmpty = <T>(values: readonly T[] | null | undefined): values is readonly T[] => Array.isArray(values) && values.length > 0;

/**
 * Total and facets of a (validated: flagQuery) filter the counters serve, with the visibility of
 * `flagQuery`: the caller's streams among those asked for, and, for a caller whose streams are not all,
 * the flags of the other asked-for streams escalated to its agency.
 */
export async function tallyFlags(filter: FlagFilter, visibleStreams: readonly Stream[], escalatedToAgency: string | null, now = Date.now()): Promise<FlagTally> {
  const requested: readonly string[] = nonEmpty(filter.stream) ? filter.stream : STREAMS;
  const own = requested.filter((s) => visibleStreams.includes(s as Stream));
  const escalatedStreams = own.length < STREAMS.length && escalatedToAgency !== null ? requested.filter((s) => !own.includes(s)) : [];
  const ids = [...own.map(streamCountsId), ...(escalatedStreams.length > 0 ? [escalatedCountsId(escalatedToAgency!)] : [])];
  const cells: Cell[] = [];
  for (const doc of await readFlagCounts(ids, now)) {
    for (const [key, count] of Object.entries(doc.cells)) {
      if (count === 0) continue;
      const cell = parseCell(key, count);
      if (doc._id.startsWith('s:') ? own.includes(cell.stream) : escalatedStreams.includes(cell.stream)) cells.push(cell);
    }
  }
  const matches = (cell: Cell, without?: 'rule' | 'status') =>
    (!nonEmpty(filter.severity) || filter.severity.includes(cell.severity)) &&
    (filter.period == null || filter.period === cell.period) &&
    (without === 'rule' || !nonEmpty(filter.rule) || filter.rule.includes(cell.rule)) &&
    (without === 'status' || !nonEmpty(filter.status) || filter.status.includes(cell.status));
  const countBy = (field: 'rule' | 'status'): FacetCount[] => {
    const counts = new Map<string, number>();
    for (const cell of cells) if (matches(cell, field)) counts.set(cell[field], (counts.get(cell[field]) ?? 0) + cell.count);
    return [...counts].filter(([, count]) => count > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, count]) => ({ value, count }));
  };
  return {
    totalCount: cells.filter((cell) => matches(cell)).reduce((n, cell) => n + cell.count, 0),
    byRule: countBy('rule'),
    byStatus: countBy('status'),
  };
}

