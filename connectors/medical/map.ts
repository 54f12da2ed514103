/**
 * medical → unified model (connectors/MAPPING.md "medical"). The institution registry defines parties
 * and recyclables rows become MEDICAL_RECYCLABLES reports. Ledger rows and receipt rows are only parts:
 * one MEDICAL_HANDOVER movement per 转移联单号 is rebuilt from all current parts of that manifest
 * (`buildMedicalHandover`), because a handover spans several rows of two files from two parties. Pure.
 */
import type { z } from 'zod';
import type { MovementRoute } from '../../src/model/movement';
import { sumGrams } from '../../src/model/quantities';
import {
  cstMidnight,
  emptyEnd,
  grams,
  instant,
  MappingError,
  monthOfIso,
  quantity,
  typedMapper,
  unresolved,
  type MapContext,
  type MedicalHandoverPart,
  type MovementDraft,
  type PartyMention,
  type Projection,
  type SourceMapping,
  type StreamMapper,
} from '../mapping';
import type { JsonObject } from '../contract';
import { toHalfWidth } from '../fields';
import { institutionSchema, ledgerRowSchema, parseMedicalPath, receiptSchema, recyclableSchema } from './streams';

export type Institution = z.output<typeof institutionSchema>;
export type LedgerRow = z.output<typeof ledgerRowSchema>;
export type Receipt = z.output<typeof receiptSchema>;
export type MedicalRecyclables = z.output<typeof recyclableSchema>;

export function mapInstitution(i: Institution): Projection[] {
  const sourceKey = i.统一社会信用代码 ?? (i.执业许可证登记号 ? `licence:${i.执业许可证登记号}` : `name:${i.机构名称}`);
  return [
    {
      target: 'party',
      mention: { slot: null, uscc: i.统一社会信用代码, name: i.机构名称, street: i.街道, roles: ['HOSPITAL'], sourceKey },
      profile: {
        institution: { category: i.机构类别, beds: i.床位数, collectionMode: i.收运方式 === '直收' ? 'DIRECT' : 'POOLED' },
        licences: i.执业许可证登记号
          ? [{ kind: 'MEDICAL_PRACTICE', number: i.执业许可证登记号, hwClasses: [], annualCapacityGrams: null, validFrom: null, validTo: null }]
          : [],
      },
    },
  ];
}

function pathOf(context: MapContext, stream: 'ledgers' | 'receipts') {
  const parsed = context.origin ? parseMedicalPath(context.origin.path) : null;
  if (!parsed || parsed.stream !== stream) throw new MappingError(`${stream} row without its file path (got ${context.origin?.path ?? 'none'})`);
  return parsed;
}

export function mapLedgerRow(row: LedgerRow, context: MapContext): Projection[] {
  // a row not yet handed over belongs to no handover yet
  if (!row.转移联单号) return [{ target: 'none' }];
  const path = pathOf(context, 'ledgers');
  if (path.stream !== 'ledgers') return [{ target: 'none' }];
  grams(row['重量(kg)'], 'kg', '重量(kg)');
  return [
    {
      target: 'medicalPart',
      part: {
        kind: 'ledger',
        manifestNo: row.转移联单号,
        institutionUscc: path.institutionUscc,
        sourceId: context.sourceId,
        sourceRecordId: context.sourceRecordId,
        record: { date: row.日期, category: row.废物类别, weightKg: row['重量(kg)'], packages: row.包装数, handedOverAt: row.交接时间 },
      },
    },
  ];
}

export function mapReceipt(row: Receipt, context: MapContext): Projection[] {
  const path = pathOf(context, 'receipts');
  if (path.stream !== 'receipts') return [{ target: 'none' }];
  grams(row['重量(kg)'], 'kg', '重量(kg)');
  return [
    {
      target: 'medicalPart',
      part: {
        kind: 'receipt',
        manifestNo: row.转移联单号,
        disposerUscc: path.disposerUscc,
        sourceId: context.sourceId,
        sourceRecordId: context.sourceRecordId,
        record: { institutionUscc: row.医疗机构统一社会信用代码, receivedAt: row.接收时间, category: row.废物类别, weightKg: row['重量(kg)'], treatment: row.处置方式 },
      },
    },
  ];
}

/** 处置方式 → route: incineration, or disposal by sterilisation. */
export function medicalRoute(treatment: string): MovementRoute {
  return { code: treatment, kind: 'DISPOSAL', landfill: false, incineration: treatment === '焚烧' };
}

const earliest = (times: readonly (string | null)[]): string | null =>
  times.filter((t): t is string => t !== null).sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;

/**
 * One manifest's handover from all its current parts (ledger rows of the institution, receipt rows of
 * the disposer); null when no part is left (every row retired by a corrected upload).
 */
export function buildMedicalHandover(manifestNo: string, parts: readonly MedicalHandoverPart[]): { doc: MovementDraft; mentions: PartyMention[] } | null {
  if (parts.length === 0) return null;
  // quantities in a stable order whatever order the rows were loaded in
  const ordered = [...parts].sort((a, b) => (a.kind === b.kind ? (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0) : a.kind === 'ledger' ? -1 : 1));
  const ledgers = ordered.filter((p): p is Extract<MedicalHandoverPart, { kind: 'ledger' }> => p.kind === 'ledger');
  const receipts = ordered.filter((p): p is Extract<MedicalHandoverPart, { kind: 'receipt' }> => p.kind === 'receipt');
  const quantities = [
    ...ledgers.map((p) => quantity('LEDGER', grams(p.record.weightKg, 'kg', '重量(kg)'), p, { at: cstMidnight(p.record.date), category: p.record.category })),
    ...receipts.map((p) => quantity('RECEIPT', grams(p.record.weightKg, 'kg', '重量(kg)'), p, { at: instant(p.record.receivedAt), category: p.record.category })),
  ];
  const institutionUscc = ledgers[0]?.institutionUscc ?? receipts.find((r) => r.record.institutionUscc)?.record.institutionUscc ?? null;
  const disposerUscc = receipts[0]?.disposerUscc ?? null;
  const handedOverAt = earliest(ledgers.map((p) => p.record.handedOverAt));
  const receivedAt = earliest(receipts.map((p) => p.record.receivedAt));
  const firstLedgerDate = ledgers.map((p) => p.record.date).sort()[0];
  const periodFrom = handedOverAt ?? (firstLedgerDate ? `${firstLedgerDate}T00:00:00+08:00` : receivedAt);
  if (!periodFrom) throw new MappingError(`manifest ${manifestNo}: no time to date the handover by`);
  const packageCounts = ledgers.map((p) => p.record.packages).filter((n): n is number => n !== null);
  const categories = new Set(quantities.map((q) => q.category));
  const firstReceipt = receipts[0];
  return {
    doc: {
      stream: 'medical',
      kind: 'MEDICAL_HANDOVER',
      sourceKey: manifestNo,
      period: monthOfIso(periodFrom),
      status: receipts.length > 0 ? 'RECEIVED' : 'IN_TRANSIT',
      statusRaw: null,
      from: { ...emptyEnd(), party: institutionUscc ? unresolved(institutionUscc) : null },
      to: { ...emptyEnd(), party: disposerUscc ? unresolved(disposerUscc) : null },
      carrier: null,
      vehicle: null,
      category: categories.size === 1 ? [...categories][0]! : null,
      wasteCode: null,
      hwClass: null,
      physicalForm: null,
      route: firstReceipt ? medicalRoute(firstReceipt.record.treatment) : null,
      direction: null,
      packages: packageCounts.length > 0 ? Number(sumGrams(packageCounts)) : null,
      departedAt: handedOverAt ? instant(handedOverAt) : null,
      arrivedAt: receivedAt ? instant(receivedAt) : null,
      quantities,
      attributes: {},
    },
    mentions: [
      ...(institutionUscc ? [{ slot: 'from.party' as const, uscc: institutionUscc, name: null, street: null, roles: ['HOSPITAL' as const] }] : []),
      ...(disposerUscc ? [{ slot: 'to.party' as const, uscc: disposerUscc, name: null, street: null, roles: ['DISPOSER' as const] }] : []),
    ],
  };
}

export function mapMedicalRecyclables(r: MedicalRecyclables, context: MapContext): Projection[] {
  const generated = grams(r['产生量(kg)'], 'kg', '产生量(kg)');
  const recovered = grams(r['回收量(kg)'], 'kg', '回收量(kg)');
  return [
    {
      target: 'periodReport',
      doc: {
        source: 'medical',
        stream: 'medical',
        kind: 'MEDICAL_RECYCLABLES',
        reportKey: context.sourceId,
        periodKind: 'MONTH',
        period: r.月份,
        months: [r.月份],
        party: unresolved(r.统一社会信用代码),
        area: null,
        category: r.可回收物类别,
        categoryName: null,
        attributes: { recycler: r.回收企业 },
        packages: null,
        lines: [
          { measure: 'GENERATED', grams: generated.grams, original: generated.original },
          { measure: 'RECOVERED', grams: recovered.grams, original: recovered.original },
        ],
        measures: [],
      },
      mentions: [{ slot: 'party', uscc: r.统一社会信用代码, name: null, street: null, roles: ['HOSPITAL'] }],
    },
  ];
}

export const medicalMappers: Readonly<Record<string, StreamMapper>> = {
  institutions: typedMapper(institutionSchema, mapInstitution),
  ledgers: typedMapper(ledgerRowSchema, mapLedgerRow),
  receipts: typedMapper(receiptSchema, mapReceipt),
  recyclables: typedMapper(recyclableSchema, mapMedicalRecyclables),
};

/** 转移联单号 as the record schema reads it (half-width, trimmed), without parsing the whole row. */
export function manifestNoOf(payload: JsonObject): string | null {
  const raw = payload['转移联单号'];
  const text = typeof raw === 'string' || typeof raw === 'number' ? toHalfWidth(String(raw)).trim() : '';
  return text === '' ? null : text;
}

export const medicalMapping: SourceMapping = {
  mappers: medicalMappers,
  grouping: {
    streams: ['ledgers', 'receipts'],
    kind: 'MEDICAL_HANDOVER',
    keyOf: (_stream, payload) => manifestNoOf(payload),
    build: buildMedicalHandover,
  },
};
