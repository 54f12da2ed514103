/**
 * industrial (固体废物管理信息系统, shared/sources/industrial.md): four page-numbered change feeds with
 * pinyin-abbreviated fields. Schemas parse quantities (t) as exact decimals and times as ISO with
 * offset; codes the reconciliation rules judge (USCC check character, HW code format) pass as text.
 */
import { z } from 'zod';
import type { ApiStream } from '../api-records';
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
    // Older rows carry only a free-text name; the catalogue match happens downstream.
    fwdm: nullable(text),
    fwmc: nullable(label),
    csl: nonNegativeDecimal,
    zxlyl: nullable(nonNegativeDecimal),
    wtlyl: nullable(nonNegativeDecimal),
    zxczl: nullable(nonNegativeDecimal),
    wtczl: nullable(nonNegativeDecimal),
    tmfs: nullable(text),
    wnzcly: nullable(nonNegativeDecimal),
    // Stock can be corrected downwards; a negative value is a finding for GIS-BALANCE, not a parse error.
    qmzcl: nullable(decimal),
  })
  .refine((ledger) => ledger.fwdm !== null || ledger.fwmc !== null, { error: 'fwdm/fwmc: a waste code or a waste name is required', path: ['fwdm'] });

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
  ycl: nonNegativeDecimal,
  jsl: nullable(nonNegativeDecimal),
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
  csl: nonNegativeDecimal,
  zxlyczl: nullable(nonNegativeDecimal),
  wtzyl: nullable(nonNegativeDecimal),
  qmzcl: nullable(decimal),
});

export const industrialStreams: readonly ApiStream[] = [
  { name: 'enterprises', path: '/v1/enterprises', idField: 'id', primaryKey: ['id'], cursorKind: 'updated-at', recordSchema: enterpriseSchema, description: '企业信息 enterprises' },
  { name: 'general-ledgers', path: '/v1/general-ledgers', idField: 'id', primaryKey: ['id'], cursorKind: 'updated-at', recordSchema: generalLedgerSchema, description: '一般工业固废月台账 general industrial solid waste monthly ledgers' },
  { name: 'hw-manifests', path: '/v1/hw-manifests', idField: 'ldbh', primaryKey: ['ldbh'], cursorKind: 'updated-at', recordSchema: hwManifestSchema, description: '危险废物电子转移联单 hazardous waste transfer manifests' },
  { name: 'hw-ledgers', path: '/v1/hw-ledgers', idField: 'id', primaryKey: ['id'], cursorKind: 'updated-at', recordSchema: hwLedgerSchema, description: '危险废物月台账 hazardous waste monthly ledgers' },
];
