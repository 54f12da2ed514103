/**
 * All reference tables, flattened into versioned rows, and the idempotent seed that loads them at
 * start-up. Rows are keyed (table, code, version): re-running the seed rewrites nothing that is equal,
 * and a new catalogue year is a new version beside the old one.
 */
import { bulkWriteInChunks } from '../../store/writes';
import { ReferenceItemModel, type ReferenceItem, type ReferenceTable } from '../referenceItem';
import { canonicalJson } from '../common';
import type { JsonValue } from '../sourceRecord';
import { AGENCIES, AGENCIES_VERSION } from './agencies';
import { CATALOGUE_VERSIONS } from './catalogue';
import {
  CATEGORIES_VERSION,
  CONSTRUCTION_CATEGORIES,
  HOUSEHOLD_CATEGORIES,
  MEDICAL_RECYCLABLES,
  RECYCLABLE_MATERIALS,
} from './categories';
import { HW_CLASSES, HW_LIST_VERSION, MEDICAL_CATEGORIES } from './hazardous';
import { DISTRICT, STREETS, STREETS_VERSION } from './streets';

export * from './agencies';
export * from './catalogue';
export * from './categories';
export * from './hazardous';
export * from './streets';

function row(
  table: ReferenceTable,
  version: { version: string; validFrom: Date; validTo?: Date | null },
  fields: Partial<Omit<ReferenceItem, 'table' | 'version' | 'validFrom'>> & { code: string },
): ReferenceItem {
  return {
    table,
    version: version.version,
    validFrom: version.validFrom,
    validTo: fields.validTo ?? version.validTo ?? null,
    code: fields.code,
    name: fields.name ?? null,
    nameEn: fields.nameEn ?? null,
    parentCode: fields.parentCode ?? null,
    seq: fields.seq ?? null,
    needsReview: fields.needsReview ?? false,
    attributes: fields.attributes ?? {},
  };
}

/** Every reference row, pure (no database). */
export function referenceItems(): ReferenceItem[] {
  const items: ReferenceItem[] = [];
  for (const catalogue of CATALOGUE_VERSIONS) {
    catalogue.categories.forEach((c, i) =>
      items.push(row('ISW_CATEGORY', catalogue, { code: c.code, name: c.name, seq: i + 1 })),
    );
    for (const e of catalogue.entries) {
      items.push(
        row('ISW_CODE', catalogue, {
          code: e.code6,
          name: e.name,
          nameEn: e.nameEn,
          parentCode: e.category,
          seq: e.seq,
          needsReview: e.needsReview,
          attributes: {
            display: e.display,
            statTypeCode: e.statTypeCode,
            materialGroup: e.materialGroup,
            ambiguousDuplicateOf: e.ambiguousDuplicateOf,
            requiresFreeTextName: e.requiresFreeTextName,
            hazardNote: e.hazardNote,
          },
        }),
      );
    }
  }
  HW_CLASSES.forEach((c, i) =>
    items.push(
      row('HW_CLASS', { ...HW_LIST_VERSION, validFrom: c.validFrom }, {
        code: c.code,
        name: c.name,
        seq: i + 1,
        validTo: c.validTo,
        attributes: { note: c.note },
      }),
    ),
  );
  MEDICAL_CATEGORIES.forEach((c, i) =>
    items.push(
      row('MEDICAL_CATEGORY', HW_LIST_VERSION, {
        code: c.code,
        name: c.name,
        parentCode: 'HW01',
        seq: i + 1,
        attributes: { shortName: c.shortName, hwCode: c.hwCode },
      }),
    ),
  );
  HOUSEHOLD_CATEGORIES.forEach((c, i) =>
    items.push(
      row('HOUSEHOLD_CATEGORY', CATEGORIES_VERSION, {
        code: c.code,
        name: c.name,
        seq: i + 1,
        attributes: { fourWay: c.fourWay, colour: c.colour },
      }),
    ),
  );
  RECYCLABLE_MATERIALS.forEach((c, i) =>
    items.push(row('RECYCLABLE_MATERIAL', CATEGORIES_VERSION, { code: c.code, name: c.name, seq: i + 1 })),
  );
  MEDICAL_RECYCLABLES.forEach((c, i) =>
    items.push(row('MEDICAL_RECYCLABLE', CATEGORIES_VERSION, { code: c.code, name: c.name, seq: i + 1 })),
  );
  CONSTRUCTION_CATEGORIES.forEach((c, i) =>
    items.push(
      row('CONSTRUCTION_CATEGORY', CATEGORIES_VERSION, {
        code: c.code,
        name: c.name,
        seq: i + 1,
        attributes: { resourceTarget: c.resourceTarget },
      }),
    ),
  );
  AGENCIES.forEach((a, i) =>
    items.push(
      row('AGENCY', AGENCIES_VERSION, {
        code: a.code,
        name: a.name,
        seq: i + 1,
        attributes: { fullName: a.fullName, formerNames: a.formerNames, streams: a.streams },
      }),
    ),
  );
  STREETS.forEach((s, i) =>
    items.push(
      row('STREET', STREETS_VERSION, {
        code: s.code,
        name: s.name,
        parentCode: DISTRICT.name,
        seq: i + 1,
        attributes: { fullName: s.fullName, district: DISTRICT.name },
      }),
    ),
  );
  return items;
}

export interface SeedResult {
  rows: number;
  inserted: number;
  updated: number;
  byTable: Partial<Record<ReferenceTable, number>>;
}

/**
 * Upserts every reference row that is missing or differs; equal rows cost no write (the embedded
 * store makes even no-op updates expensive, and start-up runs this every time). Safe to run from several
 * processes at once: two upserts of the same new row race on the unique key and one gets E11000; the
 * loser skips that row (the winner inserted it) and a second pass writes whatever still differs.
 */
export async function seedReferenceData(): Promise<SeedResult> {
  const first = await seedOnce();
  const second = await seedOnce();
  return { ...first, inserted: first.inserted + second.inserted, updated: first.updated + second.updated };
}

async function seedOnce(): Promise<SeedResult> {
  const items = referenceItems();
  const stored = await ReferenceItemModel.find({}, { _id: 0, __v: 0 }).lean<ReferenceItem[]>().exec();
  const storedByKey = new Map(stored.map((s) => [rowKey(s), s]));
  const changed = items.filter((item) => {
    const existing = storedByKey.get(rowKey(item));
    return !existing || comparable(existing) !== comparable(item);
  });
  const result = await bulkWriteInChunks(
    ReferenceItemModel,
    changed.map((item) => {
      const { table, code, version, ...rest } = item;
      return { updateOne: { filter: { table, code, version }, update: { $set: rest, $setOnInsert: { table, code, version } }, upsert: true } };
    }),
    { ignoreDuplicateKeys: true },
  );
  const inserted = result.upsertedCount;
  const updated = result.modifiedCount;
  const byTable: Partial<Record<ReferenceTable, number>> = {};
  for (const item of items) byTable[item.table] = (byTable[item.table] ?? 0) + 1;
  return { rows: items.length, inserted, updated, byTable };
}

function rowKey(item: Pick<ReferenceItem, 'table' | 'code' | 'version'>): string {
  return `${item.table}\u0000${item.code}\u0000${item.version}`;
}

/** Field-order-independent form of a row, for change detection. */
function comparable(item: ReferenceItem): string {
  return canonicalJson(JSON.parse(JSON.stringify({ ...item, attributes: item.attributes ?? {} })) as JsonValue);
}
