/**
 * industrial → unified model (connectors/MAPPING.md "industrial"): enterprises define parties,
 * manifests become HW_MANIFEST movements, monthly ledgers become PeriodReports. Pure.
 */
import type { z } from 'zod';
import type { MovementRoute, MovementStatus } from '../../src/model/movement';
import type { PartyLicence, PartyRole } from '../../src/model/party';
import type { ReportLine } from '../../src/model/periodReport';
import {
  emptyEnd,
  grams,
  instant,
  monthOfIso,
  quantity,
  typedMapper,
  unresolved,
  type MapContext,
  type Projection,
  type StreamMapper,
} from '../mapping';
import { enterpriseSchema, generalLedgerPlausibility, generalLedgerSchema, hwLedgerPlausibility, hwLedgerSchema, hwManifestPlausibility, hwManifestSchema } from './streams';

export type Enterprise = z.output<typeof enterpriseSchema>;
export type GeneralLedger = z.output<typeof generalLedgerSchema>;
export type HwManifest = z.output<typeof hwManifestSchema>;
export type HwLedger = z.output<typeof hwLedgerSchema>;

const ROLE_OF_QYLX: Readonly<Record<string, PartyRole>> = {
  CSDW: 'GENERATOR',
  JYDW: 'LICENSED_OPERATOR',
  YSDW: 'TRANSPORTER',
  LYDW: 'UTILISER',
};

const STATUS_OF_ZT: Readonly<Record<HwManifest['zt'], MovementStatus>> = {
  '10': 'OPEN',
  '20': 'IN_TRANSIT',
  '30': 'RECEIVED',
  '40': 'CLOSED',
  '90': 'VOIDED',
};

/** 利用处置方式: R-codes utilise, D1 landfills, D10 incinerates, other D-codes dispose, C only stores. */
export function routeOf(lyczfs: string | null): MovementRoute | null {
  if (!lyczfs) return null;
  const code = lyczfs.toUpperCase();
  if (code.startsWith('R')) return { code: lyczfs, kind: 'UTILISATION', landfill: false, incineration: false };
  if (code === 'D1') return { code: lyczfs, kind: 'DISPOSAL', landfill: true, incineration: false };
  if (code === 'D10') return { code: lyczfs, kind: 'DISPOSAL', landfill: false, incineration: true };
  if (code.startsWith('D')) return { code: lyczfs, kind: 'DISPOSAL', landfill: false, incineration: false };
  if (code.startsWith('C')) return { code: lyczfs, kind: 'STORAGE', landfill: false, incineration: false };
  return { code: lyczfs, kind: null, landfill: false, incineration: false };
}

export function mapEnterprise(e: Enterprise): Projection[] {
  const roles = e.qylx.map((code) => ROLE_OF_QYLX[code.toUpperCase()]).filter((role): role is PartyRole => role !== undefined);
  const licences: PartyLicence[] = e.xkzh
    ? [{ kind: 'HW_BUSINESS', number: e.xkzh, hwClasses: e.hzlb, annualCapacityGrams: e.nhzl === null ? null : grams(e.nhzl, 't', 'nhzl').grams, validFrom: null, validTo: null }]
    : [];
  return [
    {
      target: 'party',
      mention: { slot: null, uscc: e.tyshxydm, name: e.qymc, street: e.jdmc, roles, sourceKey: String(e.id) },
      profile: { address: e.zcdz, industryCode: e.hydm, aboveDesignatedSize: e.sfgs, licences },
    },
  ];
}

export function mapHwManifest(m: HwManifest, context: MapContext): Projection[] {
  // signed: a negative quantity is stored as stated and flagged by DATA-QUALITY (hwManifestPlausibility)
  const quantities = [quantity('DECLARED', grams(m.ycl, 't', 'ycl', { allowNegative: true }), context)];
  if (m.jsl !== null) quantities.push(quantity('RECEIVED', grams(m.jsl, 't', 'jsl', { allowNegative: true }), context));
  return [
    {
      target: 'movement',
      doc: {
        stream: 'industrial',
        kind: 'HW_MANIFEST',
        sourceKey: m.ldbh,
        // a manifest opened (or voided) before shipping has no ycsj: its month is that of its last change
        period: monthOfIso(m.ycsj ?? m.updatedAt),
        status: STATUS_OF_ZT[m.zt],
        statusRaw: m.zt,
        from: { ...emptyEnd(), party: unresolved(m.ycdw, m.ycdwmc) },
        to: { ...emptyEnd(), party: unresolved(m.jsdw) },
        carrier: m.ysdw ? unresolved(m.ysdw) : null,
        vehicle: null,
        category: null,
        wasteCode: m.fwdm,
        hwClass: m.fwlb,
        physicalForm: m.xt,
        route: routeOf(m.lyczfs),
        direction: null,
        packages: null,
        departedAt: m.ycsj ? instant(m.ycsj) : null,
        arrivedAt: m.jssj ? instant(m.jssj) : null,
        quantities,
        attributes: { receiverLicence: m.jsdwxkzh },
      },
      mentions: [
        { slot: 'from.party', uscc: m.ycdw, name: m.ycdwmc, street: null, roles: ['GENERATOR'] },
        { slot: 'to.party', uscc: m.jsdw, name: null, street: null, roles: ['LICENSED_OPERATOR'] },
        ...(m.ysdw ? [{ slot: 'carrier' as const, uscc: m.ysdw, name: null, street: null, roles: ['TRANSPORTER' as const] }] : []),
      ],
    },
  ];
}

/** A ledger quantity as stated; a negative one is a plausibility finding (streams.ts), not a mapping error. */
function line(measure: ReportLine['measure'], value: string | null, field: string): ReportLine[] {
  if (value === null) return [];
  const mass = grams(value, 't', field, { allowNegative: true });
  return [{ measure, grams: mass.grams, original: mass.original }];
}

export function mapGeneralLedger(g: GeneralLedger): Projection[] {
  return [
    {
      target: 'periodReport',
      doc: {
        source: 'industrial',
        stream: 'industrial',
        kind: 'GENERAL_LEDGER',
        reportKey: String(g.id),
        periodKind: 'MONTH',
        period: g.ny,
        months: [g.ny],
        party: unresolved(g.tyshxydm, g.qymc),
        area: null,
        category: g.fwdm,
        categoryName: g.fwmc,
        attributes: { landfill: g.tmfs === 'TM' },
        packages: null,
        lines: [
          ...line('GENERATED', g.csl, 'csl'),
          ...line('UTILISED_ONSITE', g.zxlyl, 'zxlyl'),
          ...line('UTILISED_CONTRACTED', g.wtlyl, 'wtlyl'),
          ...line('DISPOSED_ONSITE', g.zxczl, 'zxczl'),
          ...line('DISPOSED_CONTRACTED', g.wtczl, 'wtczl'),
          ...line('UTILISED_FROM_STOCK', g.wnzcly, 'wnzcly'),
          ...line('STOCK_END', g.qmzcl, 'qmzcl'),
        ],
        measures: [],
      },
      mentions: [{ slot: 'party', uscc: g.tyshxydm, name: g.qymc, street: null, roles: ['GENERATOR'] }],
    },
  ];
}

export function mapHwLedger(h: HwLedger): Projection[] {
  return [
    {
      target: 'periodReport',
      doc: {
        source: 'industrial',
        stream: 'industrial',
        kind: 'HW_LEDGER',
        reportKey: String(h.id),
        periodKind: 'MONTH',
        period: h.ny,
        months: [h.ny],
        party: unresolved(h.tyshxydm),
        area: null,
        category: h.fwdm,
        categoryName: null,
        attributes: { hwClass: h.fwlb },
        packages: null,
        lines: [
          ...line('GENERATED', h.csl, 'csl'),
          ...line('UTILISED_DISPOSED_ONSITE', h.zxlyczl, 'zxlyczl'),
          ...line('SHIPPED', h.wtzyl, 'wtzyl'),
          ...line('STOCK_END', h.qmzcl, 'qmzcl'),
        ],
        measures: [],
      },
      mentions: [{ slot: 'party', uscc: h.tyshxydm, name: null, street: null, roles: ['GENERATOR'] }],
    },
  ];
}

export const industrialMappers: Readonly<Record<string, StreamMapper>> = {
  enterprises: typedMapper(enterpriseSchema, mapEnterprise),
  'hw-manifests': typedMapper(hwManifestSchema, mapHwManifest, hwManifestPlausibility),
  'general-ledgers': typedMapper(generalLedgerSchema, mapGeneralLedger, generalLedgerPlausibility),
  'hw-ledgers': typedMapper(hwLedgerSchema, mapHwLedger, hwLedgerPlausibility),
};
