/**
 * medical (医疗废物台账, shared/sources/medical.md): four file streams, their table layouts (Chinese
 * headers, matched by name in any order) and record schemas. Payloads are the rows keyed by the spec's
 * headers with the cell text as written; the schemas below parse them.
 */
import { z } from 'zod';
import type { StreamDeclaration } from '../contract';
import { integer, label, localDate, localDateTime, month, nonNegativeDecimal, nullable, oneOf, text, uscc } from '../fields';
import type { FileRowOutcome } from '../files/file-feed';
import type { SourceFile } from '../files/file-source';
import type { ColumnSpec, TableItem, TableLayout } from '../files/table';
import { tableRowOutcomes } from '../files/table-records';

export const MEDICAL_WASTE_CATEGORIES = ['感染性', '损伤性', '病理性', '药物性', '化学性'] as const;
/** Some hospital systems write the full category name (感染性废物). */
const categoryLabels = Object.fromEntries(MEDICAL_WASTE_CATEGORIES.map((code) => [`${code}废物`, code])) as Record<string, (typeof MEDICAL_WASTE_CATEGORIES)[number]>;
const medicalWasteCategory = oneOf(MEDICAL_WASTE_CATEGORIES, categoryLabels);

export const institutionSchema = z.object({
  机构名称: label,
  // A few institutions have no USCC; they are still registered (keyed by licence number or name).
  统一社会信用代码: nullable(uscc),
  执业许可证登记号: nullable(text),
  机构类别: oneOf(['医院', '社区卫生服务中心', '门诊部', '诊所', '其他']),
  床位数: nullable(integer),
  街道: nullable(label),
  收运方式: oneOf(['直收', '小箱进大箱']),
});

export const ledgerRowSchema = z.object({
  日期: localDate,
  科室: label,
  废物类别: medicalWasteCategory,
  '重量(kg)': nonNegativeDecimal,
  包装数: nullable(integer),
  // Rows not yet handed over have no handover time, person or manifest.
  交接时间: nullable(localDateTime),
  交接人: nullable(label),
  转移联单号: nullable(text),
});

export const receiptSchema = z.object({
  转移联单号: text,
  医疗机构统一社会信用代码: nullable(uscc),
  接收时间: localDateTime,
  废物类别: medicalWasteCategory,
  '重量(kg)': nonNegativeDecimal,
  处置方式: oneOf(['焚烧', '高温蒸汽', '化学消毒']),
});

export const recyclableSchema = z.object({
  统一社会信用代码: uscc,
  月份: month,
  可回收物类别: oneOf(['输液瓶', '输液袋', '纸类包装', '塑料包装', '其他']),
  '产生量(kg)': nonNegativeDecimal,
  '回收量(kg)': nonNegativeDecimal,
  回收企业: nullable(label),
});

/**
 * A weight column under another unit (medical.md: files come "with a renamed column"): kg as 公斤 /
 * 千克, or tonnes or grams, converted exactly into the spec's kg. A unit not listed here is not guessed.
 */
export function kgColumn(header: string): ColumnSpec {
  const base = header.replace(/\(kg\)$/, '');
  return {
    header,
    unitFamily: base,
    unitVariants: [
      { names: [`${base}(公斤)`, `${base}(千克)`, `${base}kg`, `${base}/kg`, `${base}(单位:kg)`, `${base}(单位:公斤)`], unit: 'kg', powerOfTen: 0 },
      { names: [`${base}(t)`, `${base}(吨)`, `${base}/t`, `${base}(单位:t)`, `${base}(单位:吨)`], unit: 't', powerOfTen: 3 },
      { names: [`${base}(g)`, `${base}(克)`, `${base}/g`], unit: 'g', powerOfTen: -3 },
    ],
  };
}

const layoutOf = (name: string, schema: z.ZodObject): TableLayout => ({
  name,
  columns: Object.keys(schema.shape).map((header) => (header.endsWith('(kg)') ? kgColumn(header) : { header })),
});

/** What a file's path says (medical.md "Transport"): which stream, whose file, which month. */
export type MedicalFilePath =
  | { stream: 'institutions' }
  | { stream: 'ledgers'; institutionUscc: string; month: string }
  | { stream: 'receipts'; disposerUscc: string; month: string }
  | { stream: 'recyclables'; month: string };

/** Pure: classifies a drop path; null for paths outside the layout. Mappers use it too (origin.path). */
export function parseMedicalPath(path: string): MedicalFilePath | null {
  if (/^institutions\.(csv|xlsx)$/i.test(path)) return { stream: 'institutions' };
  let match = /^ledgers\/([^/]+)\/(\d{4}-\d{2})\.(csv|xlsx)$/i.exec(path);
  if (match?.[1] && match[2]) return { stream: 'ledgers', institutionUscc: match[1].toUpperCase(), month: match[2] };
  match = /^receipts\/([^/]+)\/(\d{4}-\d{2})\.(csv|xlsx)$/i.exec(path);
  if (match?.[1] && match[2]) return { stream: 'receipts', disposerUscc: match[1].toUpperCase(), month: match[2] };
  match = /^recyclables\/(\d{4}-\d{2})\.(csv|xlsx)$/i.exec(path);
  if (match?.[1]) return { stream: 'recyclables', month: match[1] };
  return null;
}

/** The folder (or file) of the drop each stream reads. */
export function medicalStreamOfPath(path: string): string | null {
  if (/^institutions\./i.test(path)) return 'institutions';
  const folder = path.split('/')[0];
  return folder === 'ledgers' || folder === 'receipts' || folder === 'recyclables' ? folder : null;
}

function pathContext(file: SourceFile): string {
  const parsed = parseMedicalPath(file.path);
  if (!parsed || parsed.stream === 'institutions') return '';
  if (parsed.stream === 'ledgers') return `${parsed.institutionUscc}/${parsed.month}`;
  if (parsed.stream === 'receipts') return `${parsed.disposerUscc}/${parsed.month}`;
  return parsed.month;
}

/** A stream of the drop: its declaration plus how its files' rows become records. */
export interface MedicalStream extends StreamDeclaration {
  layout: TableLayout;
  outcomes: (items: AsyncIterable<TableItem>, file: SourceFile) => AsyncIterable<FileRowOutcome>;
}

function medicalStream<Schema extends z.ZodObject>(
  spec: StreamDeclaration<Schema> & { rowKey: (record: z.output<Schema>, file: SourceFile) => string },
): MedicalStream {
  const { rowKey, ...declaration } = spec;
  return {
    ...declaration,
    layout: layoutOf(`medical ${spec.name}`, spec.recordSchema),
    outcomes: (items, file) => tableRowOutcomes(items, file, { stream: spec.name, schema: spec.recordSchema, rowKey }),
  };
}

export const institutionsStream = medicalStream({
  name: 'institutions',
  description: '医疗机构名录 institutions.csv: registry snapshot of medical institutions',
  primaryKey: ['统一社会信用代码'],
  cursorKind: 'file-checksum',
  recordSchema: institutionSchema,
  rowKey: (record) =>
    record.统一社会信用代码 ?? (record.执业许可证登记号 ? `licence:${record.执业许可证登记号}` : `name:${record.机构名称}`),
});

export const ledgersStream = medicalStream({
  name: 'ledgers',
  description: '医疗废物登记 ledgers/<USCC>/<YYYY-MM>: one institution-month of ledger rows',
  primaryKey: ['转移联单号', '日期', '科室', '废物类别'],
  cursorKind: 'file-checksum',
  recordSchema: ledgerRowSchema,
  rowKey: (record, file) => [pathContext(file), record.转移联单号 ?? '', record.日期, record.科室, record.废物类别].join('|'),
});

export const receiptsStream = medicalStream({
  name: 'receipts',
  description: '处置单位接收记录 receipts/<disposer USCC>/<YYYY-MM>.csv',
  primaryKey: ['转移联单号', '废物类别'],
  cursorKind: 'file-checksum',
  recordSchema: receiptSchema,
  rowKey: (record, file) => [pathContext(file), record.转移联单号, record.废物类别].join('|'),
});

export const recyclablesStream = medicalStream({
  name: 'recyclables',
  description: '医疗机构可回收物 recyclables/<YYYY-MM>.csv',
  primaryKey: ['统一社会信用代码', '月份', '可回收物类别', '回收企业'],
  cursorKind: 'file-checksum',
  recordSchema: recyclableSchema,
  rowKey: (record, file) => [pathContext(file), record.统一社会信用代码, record.月份, record.可回收物类别, record.回收企业 ?? ''].join('|'),
});

export const medicalStreams: readonly MedicalStream[] = [institutionsStream, ledgersStream, receiptsStream, recyclablesStream];
