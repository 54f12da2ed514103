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
};

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
    if (servingIndex(indexes.get(recorded.collection) ?? [], recorded.shape)) continue;
    const key = `${recorded.collection} ${describeShape(recorded.shape)}`;
    const violation = violations.get(key) ?? { collection: recorded.collection, command: recorded.command, shape: describeShape(recorded.shape), origins: [], tests: [] };
    if (!violation.origins.includes(recorded.origin)) violation.origins.push(recorded.origin);
    if (!violation.tests.includes(recorded.testFile)) violation.tests.push(recorded.testFile);
    violations.set(key, violation);
  }
  return [...violations.values()].sort((a, b) => (a.collection + a.shape < b.collection + b.shape ? -1 : 1));
}

/** Throws, listing them, when a recorded query is served by no declared index. */
export function checkRecordedShapes(dir: string): void {
  const violations = findShapeViolations(dir);
  if (violations.length === 0) return;
  const lines = violations.map((v) => `  ${v.collection} (${v.command}) ${v.shape}\n      sent from ${v.origins.slice(0, 3).join(', ')}\n      in ${v.tests.slice(0, 2).join(', ')}`);
  throw new Error(`index-shape check: ${violations.length} queries no declared index serves (test/support/indexShapes.ts):\n${lines.join('\n')}`);
}
