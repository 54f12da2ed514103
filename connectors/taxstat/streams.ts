/**
 * taxstat (环保税 / 环境统计 / 经济统计, shared/sources/taxstat.md): three file feeds. envtax and econ are
 * CSV tables with Chinese headers; envstat is XML, read as a stream of elements, one record per
 * GeneralSolidWaste / HazardousWaste element with its enterprise's attributes.
 */
import { z } from 'zod';
import type { StreamDeclaration } from '../contract';
import { decimal, label, localDate, nonNegativeDecimal, nullable, oneOf, text, toHalfWidth, uscc } from '../fields';
import type { TableLayout } from '../files/table';
import type { PlausibilityCheck, PlausibilityTable } from '../plausibility';

export const TAXSTAT_FEEDS = ['envtax', 'envstat', 'econ'] as const;
export type TaxstatFeed = (typeof TAXSTAT_FEEDS)[number];

/** A period as the feeds write it: `YYYY`, `YYYY-MM` / `YYYYMM`, `YYYYQn` → `YYYY`, `YYYY-MM`, `YYYYQn`. */
export const period = z.unknown().transform((value, ctx) => {
  const candidate = typeof value === 'string' || typeof value === 'number' ? toHalfWidth(String(value)).trim().toUpperCase() : '';
  if (/^\d{4}$/.test(candidate) || /^\d{4}Q[1-4]$/.test(candidate)) return candidate;
  const monthly = /^(\d{4})-?(\d{2})$/.exec(candidate);
  if (monthly && Number(monthly[2]) >= 1 && Number(monthly[2]) <= 12) return `${monthly[1]}-${monthly[2]}`;
  ctx.addIssue({ code: 'custom', message: 'expected a period YYYY, YYYY-MM or YYYYQn' });
  return z.NEVER;
});

export const SOLID_WASTE_POLLUTANT = '固体废物';

export const envtaxSchema = z.object({
  纳税人识别号: uscc,
  纳税人名称: label,
  税款所属期起: localDate,
  税款所属期止: localDate,
  污染物类别: oneOf([SOLID_WASTE_POLLUTANT]),
  固体废物名称: oneOf(['煤矸石', '尾矿', '危险废物', '冶炼渣', '粉煤灰', '炉渣', '其他固体废物']),
  // Quantities parse signed: a negative one is implausible (a DATA-QUALITY finding), not malformed.
  '产生量(吨)': decimal,
  '贮存量(吨)': decimal,
  '处置量(吨)': decimal,
  '综合利用量(吨)': decimal,
  '当期排放量(吨)': decimal,
  '单位税额(元/吨)': nullable(nonNegativeDecimal),
  '应纳税额(元)': nullable(nonNegativeDecimal),
});

export const econSchema = z.object({
  地区: label,
  期别: period,
  指标: oneOf(['工业增加值', '地区生产总值', '常住人口']),
  数值: decimal,
  单位: label,
});

const reportContext = {
  year: z.unknown().pipe(period),
  region: nullable(label),
  uscc: nullable(uscc),
  name: nullable(label),
  industry: nullable(text),
};

export const envstatSchema = z.discriminatedUnion('element', [
  z.object({
    element: z.literal('GeneralSolidWaste'),
    ...reportContext,
    category: oneOf(['污泥', '其他']),
    generated: decimal,
    utilized: nullable(decimal),
    utilizedFromStock: nullable(decimal),
    disposed: nullable(decimal),
    landfilled: nullable(decimal),
    stored: nullable(decimal),
  }),
  z.object({
    element: z.literal('HazardousWaste'),
    ...reportContext,
    generated: decimal,
    utilizedDisposed: nullable(decimal),
    landfilled: nullable(decimal),
    stored: nullable(decimal),
  }),
]);

/** A quarter's or a year's row above ten million tonnes is beyond any enterprise in a district. */
export const DECLARED_MAX_TONNES = 10_000_000;

const declaredMass = (field: string, measure: NonNullable<PlausibilityCheck['measure']>): PlausibilityCheck[] => [
  { field, check: 'nonNegative', measure },
  { field, check: 'atMost', limit: DECLARED_MAX_TONNES, unit: 't', measure },
];

export const envtaxPlausibility: PlausibilityTable = [
  ...declaredMass('产生量(吨)', 'GENERATED'),
  ...declaredMass('贮存量(吨)', 'STORED'),
  ...declaredMass('处置量(吨)', 'DISPOSED'),
  ...declaredMass('综合利用量(吨)', 'UTILISED'),
  { field: '税款所属期止', check: 'notBefore', than: '税款所属期起' },
];

export const envstatPlausibility: PlausibilityTable = [
  ...declaredMass('generated', 'GENERATED'),
  ...declaredMass('utilized', 'UTILISED'),
  ...declaredMass('utilizedFromStock', 'UTILISED_FROM_STOCK'),
  ...declaredMass('disposed', 'DISPOSED'),
  ...declaredMass('landfilled', 'LANDFILLED'),
  ...declaredMass('stored', 'STORED'),
  ...declaredMass('utilizedDisposed', 'UTILISED_DISPOSED'),
];

const layoutOf = (name: string, schema: z.ZodObject): TableLayout => ({ name, columns: Object.keys(schema.shape).map((header) => ({ header })) });
export const envtaxLayout = layoutOf('environmental tax declarations', envtaxSchema);
export const econLayout = layoutOf('economic statistics', econSchema);

export const taxstatStreams: readonly StreamDeclaration[] = [
  { name: 'envtax', primaryKey: ['纳税人识别号', '税款所属期起', '税款所属期止', '固体废物名称'], cursorKind: 'file-checksum', recordSchema: envtaxSchema, description: '环保税申报 environmental protection tax declarations (solid waste rows), quarterly CSV' },
  { name: 'envstat', primaryKey: ['year', 'uscc', 'element', 'category'], cursorKind: 'file-checksum', recordSchema: envstatSchema, description: '环境统计 annual environmental statistics per enterprise, XML' },
  { name: 'econ', primaryKey: ['地区', '期别', '指标'], cursorKind: 'file-checksum', recordSchema: econSchema, description: '经济统计 value added, GDP and population by district and street, CSV' },
];
