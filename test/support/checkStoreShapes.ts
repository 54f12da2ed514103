/**
 * The end of the index-shape check (issue #12): every query shape the test files recorded
 * (recordStoreShapes.ts) must be served by an index its collection's models declare (indexShapes.ts),
 * unless the collection is a small one listed below. Any other query fails the run, named with where
 * the hub sent it from and the test that made it do so.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeShape, servingIndex, type DeclaredIndex, type QueryShape } from './indexShapes';

/**
 * Collections small by construction, read whole or by unindexed fields on purpose. Each reason says
 * why its size does not grow with the data a district produces.
 */
export const SMALL_COLLECTIONS: Readonly<Record<string, string>> = {
  // one document per connector stream (about a dozen): `sources` reads it whole in one query
  streamstats: 'one document per stream (src/store/streamStats.ts)',
  // the national catalogues (waste codes, categories, streets): ~200 rows, loaded at start-up
  referenceitems: 'reference catalogues, ~200 rows (src/model/referenceItem.ts)',
  // one saved cursor per connector stream
  syncstates: 'one document per stream (src/model/syncState.ts)',
  // report periods whose filings are not recomputed yet: one per period with changes pending, taken by the next catch-up
  reportperiodspending: 'one document per report period with changes pending (src/model/filing.ts)',
  // the journal of replacements in flight: empty but for a writer that crashed mid-write
  storejournal: 'empty between writes (src/store/replace.ts)',
  // CDW-PROJECT's running totals: one document per construction project
  projecthauls: 'one document per project, read and written by _id (src/reconcile/projectHaulModel.ts)',
  // API keys, registered operations and tolerance rule-set versions: created by hand, a few dozen
  apiKeys: 'API keys, created by administrators (src/auth/apiKey.ts)',
  trustedOperations: 'registered GraphQL documents (src/auth/trustedOperations.ts)',
  rulesetversions: 'versions of the tolerance rule set, one per steward change (src/reconcile/tolerances.ts)',
};

/**
 * Call sites that read a whole collection on purpose, by collection and the file that sends the
 * query; each with why. Anything else a declared index does not serve fails the check.
 */
export const WHOLE_READS: ReadonlyArray<{ collection: string; origin: string; reason: string }> = [
  { collection: 'parties', origin: 'src/resolve/partyCache.ts', reason: 'the resolver keeps every party in memory; loaded once per process, then versioned' },
  { collection: 'resolutiondecisions', origin: 'src/resolve/partyCache.ts', reason: "stewards' decisions, loaded with the party cache; grows with steward work, not with records" },
  // the registries an indicator month joins against (facility types, project streets, communities):
  // a district's registry, read once per indicator run
  { collection: 'facilities', origin: 'src/indicators/aggregate.ts', reason: "the district's facility registry, once per indicator run" },
  { collection: 'projects', origin: 'src/indicators/aggregate.ts', reason: "the district's project registry, once per indicator run" },
  { collection: 'communities', origin: 'src/indicators/aggregate.ts', reason: "the district's communities, once per indicator run" },
  // the same registries as the rules' inputs (src/reconcile/rules read them through the engine's memos)
  { collection: 'parties', origin: 'src/reconcile/engine.ts', reason: "the rules' party inputs (streets, platform registration, HW licences): every party, once per reconciliation run" },
  { collection: 'facilities', origin: 'src/reconcile/engine.ts', reason: "the district's facility registry, once per reconciliation run" },
  { collection: 'projects', origin: 'src/reconcile/engine.ts', reason: "the district's project registry, once per reconciliation run" },
  { collection: 'vehicles', origin: 'src/reconcile/engine.ts', reason: "the district's vehicle registry, once per reconciliation run" },
  // a rebuild of the queue's flag counters counts every flag: run when they are missing or were marked
  // (a batch whose writes did not all apply), or by `hub flags counts rebuild|check`; not per read
  { collection: 'flags', origin: 'src/reconcile/flagCounts.ts', reason: 'the flag counters rebuilt or checked from every flag (missing, marked, or by the CLI)' },
];

/**
 * Optional filters of the API's paged lists. A list is served by the index of its scope and order
 * (checked as usual); these fields, which a caller may add one or several of, filter the entries that
 * index walks instead of each combination having an index of its own (an index may match them too).
 * Each list names its fields. `counts`, where given, says why a count (an aggregate with no sort)
 * under these filters alone may walk the collection: the list's totalCount or facets with no scope.
 */
export const RESIDUAL_FILTERS: ReadonlyArray<{ collection: string; fields: readonly string[]; reason: string; counts?: string }> = [
  {
    collection: 'movements',
    fields: ['kind', 'status', 'category', 'wasteCode', 'from.party.partyId', 'to.party.partyId', 'carrier.partyId', 'from.party.uscc', 'to.party.uscc', 'carrier.uscc', 'from.facilityId', 'to.facilityId', 'from.facilityCode', 'to.facilityCode'],
    reason: 'MovementFilter (schema/movements.graphql) beside the stream scope and period: {stream, period, _id} orders the page',
    counts: 'the totalCount of a caller who reads every stream, under these filters only: counted over every movement, and only when a client selects it (graphql/connections.ts)',
  },
  {
    collection: 'flags',
    fields: ['rule', 'status', 'severity', 'severityRank', 'assignee.id', 'escalatedTo', 'subject.partyUscc', 'subject.street', 'subject.key', 'subject.label', 'evidence.message', 'resolution.kind', 'closedByEngineAt'],
    reason: 'FlagFilter (schema/flags.graphql) beside the stream scope and period',
    counts: 'the facets (by rule, by status) and totalCount of a caller who reads every stream, under these filters only, count every flag: a district\'s flags, grouped in one aggregate',
  },
  {
    collection: 'parties',
    fields: ['roles', 'street', 'uscc', 'aliases.normalisedName', 'normalisedName'],
    reason: 'PartyFilter (schema/parties.graphql) beside the status: {status, normalisedName, _id} orders the page',
  },
  { collection: 'quarantine', fields: ['reason'], reason: 'QuarantineFilter.reason: a case-insensitive substring, which no index serves' },
  { collection: 'jobRuns', fields: ['kind', 'status', 'origin', 'requestedBy', 'input.source'], reason: 'the jobs list filters (schema/jobs.graphql) on {queuedAt, _id}' },
  { collection: 'resolutioncases', fields: ['kind', 'evidence.source'], reason: 'the resolution queue filters on {openedAt, _id}' },
  { collection: 'periodreports', fields: ['kind', 'stream', 'months'], reason: "a party's reports filters on {party.partyId, period, _id}" },
  {
    collection: 'webhookDeliveries',
    fields: ['status'],
    reason: "the delivery log's status filter on {keyId, _id}, {subscriptionId, _id} or `_id` (ADMIN); the retention sweep's ended statuses within its `_id` range (older than the retention)",
  },
];

interface RecordedShape {
  kind: 'shape';
  collection: string;
  command: string;
  shape: QueryShape;
  origin: string;
  testFile: string;
}

interface RecordedIndexes {
  kind: 'indexes';
  collection: string;
  indexes: DeclaredIndex[];
}

export interface ShapeViolation {
  collection: string;
  command: string;
  shape: string;
  origins: string[];
  tests: string[];
}

/** The violations among the shapes recorded under `dir` (none when nothing was recorded). */
export function findShapeViolations(dir: string): ShapeViolation[] {
  if (!existsSync(dir)) return [];
  const shapes: RecordedShape[] = [];
  const indexes = new Map<string, DeclaredIndex[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      const entry = JSON.parse(line) as RecordedShape | RecordedIndexes;
      if (entry.kind === 'shape') shapes.push(entry);
      else {
        const known = indexes.get(entry.collection) ?? [];
        for (const index of entry.indexes) if (!known.some((k) => JSON.stringify(k) === JSON.stringify(index))) known.push(index);
        indexes.set(entry.collection, known);
      }
    }
  }
  const violations = new Map<string, ShapeViolation>();
  for (const recorded of shapes) {
    if (recorded.collection in SMALL_COLLECTIONS) continue;
    if (WHOLE_READS.some((w) => w.collection === recorded.collection && recorded.origin.startsWith(`${w.origin}:`))) continue;
    if (servingIndex(indexes.get(recorded.collection) ?? [], recorded.shape, residualFields(recorded.collection))) continue;
    if (isResidualCount(recorded)) continue;
    const key = `${recorded.collection} ${describeShape(recorded.shape)}`;
    const violation = violations.get(key) ?? { collection: recorded.collection, command: recorded.command, shape: describeShape(recorded.shape), origins: [], tests: [] };
    if (!violation.origins.includes(recorded.origin)) violation.origins.push(recorded.origin);
    if (!violation.tests.includes(recorded.testFile)) violation.tests.push(recorded.testFile);
    violations.set(key, violation);
  }
  return [...violations.values()].sort((a, b) => (a.collection + a.shape < b.collection + b.shape ? -1 : 1));
}

/**
 * A count or facet (an aggregate, no sort) under nothing but optional list filters, or none (a facet
 * groups every document), whose list says why (`counts`).
 */
function isResidualCount(recorded: RecordedShape): boolean {
  const { equality, range, sort } = recorded.shape;
  if (recorded.command !== 'aggregate' || sort.length > 0) return false;
  return RESIDUAL_FILTERS.some((r) => r.collection === recorded.collection && r.counts !== undefined && [...equality, ...range].every((f) => r.fields.includes(f)));
}

/** The optional list filters of a collection (RESIDUAL_FILTERS). */
function residualFields(collection: string): string[] {
  // by collection, not call site: a list's count has no call site the stack keeps (it runs when selected)
  return RESIDUAL_FILTERS.filter((r) => r.collection === collection).flatMap((r) => r.fields);
}

/** Throws, listing them, when a recorded query is served by no declared index: the run fails. */
export function checkRecordedShapes(dir: string): void {
  const violations = findShapeViolations(dir);
  if (violations.length === 0) return;
  const lines = violations.map((v) => `  ${v.collection} (${v.command}) ${v.shape}\n      sent from ${v.origins.slice(0, 3).join(', ')}\n      in ${v.tests.slice(0, 2).join(', ')}`);
  throw new Error(`index-shape check: ${violations.length} queries no declared index serves (test/support/indexShapes.ts, test/support/checkStoreShapes.ts):\n${lines.join('\n')}`);
}

// `npx tsx test/support/checkStoreShapes.ts <dir>`: the check on shapes a run kept
if (require.main === module) {
  const violations = findShapeViolations(process.argv[2] ?? '.tmp/index-shapes-last');
  for (const v of violations) process.stdout.write(`${v.collection} (${v.command}) ${v.shape}\n    from ${v.origins.join(', ')}\n    in ${v.tests.join(', ')}\n`);
  process.stdout.write(`${violations.length} violations\n`);
}
