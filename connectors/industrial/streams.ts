/**
 * industrial (固体废物管理信息系统, shared/sources/industrial.md): four page-numbered change feeds with
 * pinyin-abbreviated fields. Schemas parse quantities (t) as exact decimals and times as ISO with
 * offset; codes the reconciliation rules judge (USCC check character, HW code format) pass as text.
 */
import { z } from 'zod';
import type { ApiStream } from '../api-records';
import type { PlausibilityTable } from '../plausibility';
import { commaList, decimal, flag01, isoInstant, label, month, nonNegativeDecimal, nullable, oneOf, text, uscc } from '../fields';

const recordId = z.union([z.string().min(1), z.number().int()], { error: 'expected a record id' });

export const enterpriseSchema = z.object({
  id: recordId,
  tyshxydm: nullable(uscc),
  qymc: label,
  zcdz: nullable(label),
  jdmc: nullable(label),
  hydm: nullable(text),
  sfgs: nullable(flag01),
  qylx: commaList,
  xkzh: nullable(text),
  hzlb: commaList,
  nhzl: nullable(nonNegativeDecimal),
  updatedAt: isoInstant,
});

export const generalLedgerSchema = z
  .object({
    id: recordId,
    updatedAt: isoInstant,
    tyshxydm: nullable(uscc),
    qymc: nullable(label),
    ny: month,
    // Older rows carry only a free-text name; the catalogue match happens downstream (GIS-BALANCE).
    fwdm: nullable(text),
    fwmc: nullable(label),
    // Quantities parse signed: a negative one is implausible (a DATA-QUALITY finding), not malformed.
    csl: decimal,
    zxlyl: nullable(decimal),
    wtlyl: nullable(decimal),
    zxczl: nullable(decimal),
    wtczl: nullable(decimal),
    tmfs: nullable(text),
    wnzcly: nullable(decimal),
    qmzcl: nullable(decimal),
  })
  .refine((ledger) => ledger.fwdm !== null || ledger.fwmc !== null, { error: 'fwdm/fwmc: a waste code or a waste name is required', path: ['fwdm'] });

/** A month's ledger row above a million tonnes of one waste is beyond any enterprise in a district. */
export const LEDGER_ROW_MAX_TONNES = 1_000_000;
/** One manifest is one shipment: a thousand tonnes is beyond any load. */
export const MANIFEST_MAX_TONNES = 1_000;

const ledgerMass = (field: string, measure: NonNullable<PlausibilityTable[number]['measure']>): PlausibilityTable => [
  { field, check: 'nonNegative', measure },
  { field, check: 'atMost', limit: LEDGER_ROW_MAX_TONNES, unit: 't', measure },
];

export const generalLedgerPlausibility: PlausibilityTable = [
  ...ledgerMass('csl', 'GENERATED'),
  ...ledgerMass('zxlyl', 'UTILISED_ONSITE'),
  ...ledgerMass('wtlyl', 'UTILISED_CONTRACTED'),
  ...ledgerMass('zxczl', 'DISPOSED_ONSITE'),
  ...ledgerMass('wtczl', 'DISPOSED_CONTRACTED'),
  ...ledgerMass('wnzcly', 'UTILISED_FROM_STOCK'),
  ...ledgerMass('qmzcl', 'STOCK_END'),
  { field: 'ny', check: 'notAfter', than: 'updatedAt' },
];

export const hwManifestSchema = z.object({
  ldbh: text,
  ycdw: nullable(uscc),
  ycdwmc: nullable(label),
  ysdw: nullable(uscc),
  jsdw: nullable(uscc),
  jsdwxkzh: nullable(text),
  fwdm: text,
  fwlb: text,
  xt: nullable(oneOf(['固态', '半固态', '液态', '气态'])),
  ycl: decimal,
  jsl: nullable(decimal),
  ycsj: nullable(isoInstant),
  jssj: nullable(isoInstant),
  lyczfs: nullable(text),
  zt: oneOf(['10', '20', '30', '40', '90']),
  updatedAt: isoInstant,
});

export const hwLedgerSchema = z.object({
  id: recordId,
  updatedAt: isoInstant,
  tyshxydm: nullable(uscc),
  ny: month,
  fwdm: text,
  fwlb: nullable(text),
  csl: decimal,
  zxlyczl: nullable(decimal),
  wtzyl: nullable(decimal),
  qmzcl: nullable(decimal),
});

export const hwManifestPlausibility: PlausibilityTable = [
  { field: 'ycl', check: 'nonNegative' },
  { field: 'ycl', check: 'atMost', limit: MANIFEST_MAX_TONNES, unit: 't' },
  { field: 'jsl', check: 'nonNegative' },
  { field: 'jsl', check: 'atMost', limit: MANIFEST_MAX_TONNES, unit: 't' },
  { field: 'ycsj', check: 'notAfter', than: 'updatedAt' },
  { field: 'jssj', check: 'notAfter', than: 'updatedAt' },
  { field: 'jssj', check: 'notBefore', than: 'ycsj' },
];

export const hwLedgerPlausibility: PlausibilityTable = [
  ...ledgerMass('csl', 'GENERATED'),
  ...ledgerMass('zxlyczl', 'UTILISED_DISPOSED_ONSITE'),
  ...ledgerMass('wtzyl', 'SHIPPED'),
  ...ledgerMass('qmzcl', 'STOCK_END'),
  { field: 'ny', check: 'notAfter', than: 'updatedAt' },
];

export const industrialStreams: readonly ApiStream[] = [
  { name: 'enterprises', path: '/v1/enterprises', idField: 'id', primaryKey: ['id'], cursorKind: 'updated-at', recordSchema: enterpriseSchema, description: '企业信息 enterprises' },
  { name: 'general-ledgers', path: '/v1/general-ledgers', idField: 'id', primaryKey: ['id'], cursorKind: 'updated-at', recordSchema: generalLedgerSchema, description: '一般工业固废月台账 general industrial solid waste monthly ledgers' },
  { name: 'hw-manifests', path: '/v1/hw-manifests', idField: 'ldbh', primaryKey: ['ldbh'], cursorKind: 'updated-at', recordSchema: hwManifestSchema, description: '危险废物电子转移联单 hazardous waste transfer manifests' },
  { name: 'hw-ledgers', path: '/v1/hw-ledgers', idField: 'id', primaryKey: ['id'], cursorKind: 'updated-at', recordSchema: hwLedgerSchema, description: '危险废物月台账 hazardous waste monthly ledgers' },
];
