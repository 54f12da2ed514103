/**
 * construction (建筑垃圾电子运单系统, shared/sources/construction.md): four updated-since feeds, and the
 * nightly waybill CSV export (Chinese headers) whose rows are turned into the API's waybill layout so
 * that both paths deliver the same record shape.
 */
import { z } from 'zod';
import type { ApiStream } from '../api-records';
import type { JsonObject } from '../contract';
import { decimal, isoInstant, label, localDate, localDateTime, nonNegativeDecimal, nullable, oneOf, text, uscc } from '../fields';
import type { TableLayout } from '../files/table';

const dateOrInstant = z.union([localDate, isoInstant], { error: 'expected a date YYYY-MM-DD or an ISO time' });

export const projectSchema = z.object({
  projectCode: text,
  updatedAt: isoInstant,
  permitNo: nullable(text),
  name: label,
  street: nullable(label),
  builderUscc: nullable(uscc),
  kind: oneOf(['NEW_BUILD', 'PREFAB', 'DEMOLITION', 'RENOVATION', 'MUNICIPAL']),
  floorAreaM2: nullable(nonNegativeDecimal),
  approvedTonnes: nullable(nonNegativeDecimal),
  startDate: nullable(dateOrInstant),
  endDate: nullable(dateOrInstant),
  lat: nullable(decimal),
  lon: nullable(decimal),
});

export const facilitySchema = z.object({
  facilityCode: text,
  name: label,
  updatedAt: isoInstant,
  type: oneOf(['DISPOSAL_SITE', 'RECYCLING_PLANT', 'BACKFILL']),
  lat: nullable(decimal),
  lon: nullable(decimal),
  annualCapacityT: nullable(nonNegativeDecimal),
});

export const vehicleSchema = z.object({
  plateNo: label,
  haulerUscc: nullable(uscc),
  permitValidTo: nullable(dateOrInstant),
  ratedLoadT: nullable(nonNegativeDecimal),
  updatedAt: isoInstant,
});

export const WAYBILL_CATEGORIES = ['SPOIL', 'MUD', 'CONSTRUCTION', 'DEMOLITION', 'DECORATION'] as const;
export const WAYBILL_STATUSES = ['DEPARTED', 'ARRIVED', 'CLOSED', 'VOIDED'] as const;

export const waybillSchema = z.object({
  waybillNo: text,
  // Export rows have no updatedAt; API records always do.
  updatedAt: nullable(isoInstant),
  projectCode: nullable(text),
  plateNo: label,
  haulerUscc: nullable(uscc),
  // The export writes the spec's Chinese names (工程渣土 …); both become the API codes.
  category: oneOf(WAYBILL_CATEGORIES, { 工程渣土: 'SPOIL', 工程泥浆: 'MUD', 工程垃圾: 'CONSTRUCTION', 拆除垃圾: 'DEMOLITION', 装修垃圾: 'DECORATION' }),
  // API times are ISO with offset; export times are local — localDateTime accepts both.
  exitAt: localDateTime,
  exitWeightT: nonNegativeDecimal,
  facilityCode: nullable(text),
  entryAt: nullable(localDateTime),
  entryWeightT: nullable(nonNegativeDecimal),
  status: oneOf(WAYBILL_STATUSES, { 已出场: 'DEPARTED', 运输中: 'DEPARTED', 已到场: 'ARRIVED', 已入场: 'ARRIVED', 已完成: 'CLOSED', 已关闭: 'CLOSED', 已作废: 'VOIDED', 作废: 'VOIDED' }),
});

export const waybillsStream: ApiStream = { name: 'waybills', path: '/api/waybills', idField: 'waybillNo', primaryKey: ['waybillNo'], cursorKind: 'updated-at', recordSchema: waybillSchema, description: '电子运单 e-waybills (one vehicle trip each)' };

export const constructionStreams: readonly ApiStream[] = [
  { name: 'projects', path: '/api/projects', idField: 'projectCode', primaryKey: ['projectCode'], cursorKind: 'updated-at', recordSchema: projectSchema, description: '工程项目 construction projects' },
  { name: 'facilities', path: '/api/facilities', idField: 'facilityCode', primaryKey: ['facilityCode'], cursorKind: 'updated-at', recordSchema: facilitySchema, description: '受纳场所 receiving facilities' },
  { name: 'vehicles', path: '/api/vehicles', idField: 'plateNo', primaryKey: ['plateNo'], cursorKind: 'updated-at', recordSchema: vehicleSchema, description: '运输车辆 registered vehicles' },
  waybillsStream,
];

/** Export column (Chinese header) → API waybill field. */
export const EXPORT_COLUMNS = {
  运单号: 'waybillNo',
  项目编号: 'projectCode',
  车牌号: 'plateNo',
  运输企业统一社会信用代码: 'haulerUscc',
  垃圾类型: 'category',
  出场时间: 'exitAt',
  '出场重量(吨)': 'exitWeightT',
  受纳场所编号: 'facilityCode',
  入场时间: 'entryAt',
  '入场重量(吨)': 'entryWeightT',
  状态: 'status',
} as const;

export const exportLayout: TableLayout = {
  name: 'construction waybill export',
  columns: Object.keys(EXPORT_COLUMNS).map((header) => ({ header })),
};

/** Pure: one export row (spec headers → cell text) in the API's waybill layout; blank cells become null. */
export function exportRowToWaybill(fields: Readonly<Record<string, string>>): JsonObject {
  const waybill: JsonObject = {};
  for (const [header, field] of Object.entries(EXPORT_COLUMNS)) {
    const cell = fields[header]?.trim() ?? '';
    waybill[field] = cell === '' ? null : cell;
  }
  return waybill;
}
