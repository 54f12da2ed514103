/**
 * Hand-made model documents, shaped as connectors/MAPPING.md says each source lands: enough of each
 * stream to compute every indicator with numbers checked by hand.
 */
import { Types } from 'mongoose';
import { CommunityModel, FacilityModel, MovementModel, PartyModel, PeriodReportModel, ProjectModel, type MassMeasure, type MovementQuantity, type QuantityRole, type ValueMeasure } from '../../../src/model';

export const T = 1_000_000; // grams per tonne

const src = () => new Types.ObjectId();
const q = (role: QuantityRole, grams: number, extra: Partial<MovementQuantity> = {}): MovementQuantity => ({
  role, grams, original: { value: String(grams), unit: 'g' }, sourceRecordId: src(), at: null, category: null, ...extra,
});
const end = (over: Record<string, unknown> = {}) => ({ party: null, facilityId: null, facilityCode: null, projectId: null, projectCode: null, street: null, ...over });
const ref = (uscc: string, name = uscc) => ({ partyId: null, uscc, name });

export async function party(uscc: string, street: string | null, roles: string[]): Promise<void> {
  // a hospital counts as registered when the institutions registry describes it (its row's alias and profile)
  const registry = roles.includes('HOSPITAL')
    ? {
        institution: { category: '医院', beds: 100, collectionMode: 'DIRECT' },
        aliases: [{ source: 'medical', sourceKey: uscc, name: uscc, normalisedName: uscc, street, usccRaw: uscc, usccValid: true, firstSeenAt: new Date(), lastSeenAt: new Date() }],
      }
    : {};
  await PartyModel.create({ primaryKey: `uscc:${uscc}`, uscc, name: uscc, normalisedName: uscc, street, roles, ...registry });
}

export async function facility(stream: 'household' | 'construction', code: string, type: string): Promise<void> {
  await FacilityModel.create({ source: stream, stream, code, name: code, type, inDistrict: true });
}

export async function project(code: string, street: string | null): Promise<void> {
  await ProjectModel.create({ source: 'construction', projectCode: code, name: code, street });
}

export async function community(id: string, street: string, sorted: boolean, hazardous: boolean): Promise<void> {
  await CommunityModel.create({ source: 'household', communityId: id, name: id, street, sortedCollection: sorted, hazardousCollection: hazardous });
}

export async function manifest(no: string, month: string, generator: string, route: string, declared: number, received: number | null, status = 'CLOSED'): Promise<void> {
  await MovementModel.create({
    stream: 'industrial', kind: 'HW_MANIFEST', sourceKey: no, period: month, status, from: end({ party: ref(generator) }), to: end({ party: ref('RECEIVER') }),
    route: { code: route, kind: route.startsWith('R') ? 'UTILISATION' : 'DISPOSAL', landfill: route === 'D1', incineration: route === 'D10' },
    quantities: [q('DECLARED', declared), ...(received === null ? [] : [q('RECEIVED', received)])],
  });
}

export async function waybill(no: string, month: string, projectCode: string, facilityCode: string, exit: number, entry: number | null, status = 'CLOSED'): Promise<void> {
  await MovementModel.create({
    stream: 'construction', kind: 'CDW_WAYBILL', sourceKey: no, period: month, status, category: 'DEMOLITION',
    from: end({ projectCode }), to: end({ facilityCode }), carrier: ref('HAULER'),
    quantities: [q('EXIT', exit), ...(entry === null ? [] : [q('ENTRY', entry)])],
  });
}

export async function ticket(no: string, month: string, facilityCode: string, category: string, net: number, street: string | null, status = 'CLOSED'): Promise<void> {
  await MovementModel.create({
    stream: 'household', kind: 'WEIGH_TICKET', sourceKey: no, period: month, status, direction: 'IN', category,
    from: end(street ? { street } : { facilityCode: 'TS1' }), to: end({ facilityCode }), quantities: [q('NET', net)],
  });
}

export async function handover(no: string, month: string, institution: string, ledgerGrams: number, receiptAt: Date | null): Promise<void> {
  await MovementModel.create({
    stream: 'medical', kind: 'MEDICAL_HANDOVER', sourceKey: no, period: month, status: receiptAt ? 'RECEIVED' : 'IN_TRANSIT',
    from: end({ party: ref(institution) }), to: end({ party: ref('DISPOSER') }),
    quantities: [q('LEDGER', ledgerGrams, { at: new Date(`${month}-10T00:00:00+08:00`) }), ...(receiptAt ? [q('RECEIPT', ledgerGrams, { at: receiptAt })] : [])],
  });
}

type Lines = Partial<Record<MassMeasure, number>>;

export async function report(kind: string, key: string, month: string, lines: Lines, extra: { uscc?: string; area?: { level: 'DISTRICT' | 'STREET'; name: string; street: string | null }; measures?: Partial<Record<ValueMeasure, number>>; source?: string; stream?: string } = {}): Promise<void> {
  const source = extra.source ?? 'industrial';
  await PeriodReportModel.create({
    source, stream: extra.stream ?? source, kind, reportKey: key, periodKind: 'MONTH', period: month, months: [month],
    party: extra.uscc ? ref(extra.uscc) : null, area: extra.area ?? null,
    lines: Object.entries(lines).map(([measure, grams]) => ({ measure, grams, original: { value: String(grams), unit: 'g' } })),
    measures: Object.entries(extra.measures ?? {}).map(([measure, amount]) => ({ measure, amount, unit: measure === 'RESIDENT_POPULATION' ? 'person' : 'fen', original: { value: String(amount), unit: 'x' } })),
  });
}

/**
 * One month of a small district with two streets. Expected values (district):
 * ZW01 = (100 t + 20 t) / 8 000 万元 = 0.015; ZW09 = 96 / (100 + 4) = 0.923077; ZW10 = 10 / 20 = 0.5;
 * HW-LANDFILL-RATE = 4 / 20 = 0.2; ZW15 = 4 + 3 + 1 = 8 t; ZW18 = 3 + 5 = 8 t;
 * ZW06 = 3 100 kg / (31 × 100 persons) = 1.0; ZW12 = (500 + 400 + 600) kg / (3 100 + 500) kg = 0.416667;
 * ZW20 = 0.8 t; ZW11 = 90 / 120 = 0.75; ZW19 = 25 t; ZW16 = 1/2; ZW14 = 95/100; ZW07 = 2/3; ZW21 = 1/3.
 */
export async function seedMonth(month = '2026-03'): Promise<void> {
  await party('G1', 'BAJIAO', ['GENERATOR']);
  await party('G2', 'LUGU', ['GENERATOR']);
  await party('H1', 'BAJIAO', ['HOSPITAL']);
  await party('H2', 'LUGU', ['HOSPITAL']);
  await facility('household', 'SC1', 'SORTING_CENTER');
  await facility('household', 'FW1', 'FOOD_WASTE_PLANT');
  await facility('household', 'LF1', 'LANDFILL');
  await facility('household', 'INC1', 'INCINERATOR');
  await facility('construction', 'RP1', 'RECYCLING_PLANT');
  await facility('construction', 'DS1', 'DISPOSAL_SITE');
  await project('P1', 'BAJIAO');
  await community('C1', 'BAJIAO', true, true);
  await community('C2', 'BAJIAO', true, false);
  await community('C3', 'LUGU', false, false);

  await report('GENERAL_LEDGER', 'gl1', month, { GENERATED: 60 * T, UTILISED_ONSITE: 50 * T, UTILISED_CONTRACTED: 8 * T, UTILISED_FROM_STOCK: 4 * T, DISPOSED_ONSITE: 1 * T, DISPOSED_CONTRACTED: 2 * T, STOCK_END: 5 * T }, { uscc: 'G1' });
  await report('GENERAL_LEDGER', 'gl2', month, { GENERATED: 40 * T, UTILISED_CONTRACTED: 38 * T, UTILISED_FROM_STOCK: 0, STOCK_END: 0 }, { uscc: 'G2' });
  await report('HW_LEDGER', 'hl1', month, { GENERATED: 12 * T, UTILISED_DISPOSED_ONSITE: 1 * T }, { uscc: 'G1' });
  await report('HW_LEDGER', 'hl2', month, { GENERATED: 8 * T }, { uscc: 'G2' });
  await report('ECON', 'econ-d', month, {}, { source: 'taxstat', area: { level: 'DISTRICT', name: '石景山区', street: null }, measures: { INDUSTRIAL_VALUE_ADDED: 8_000 * 1_000_000, RESIDENT_POPULATION: 100 } });
  await report('ECON', 'econ-b', month, {}, { source: 'taxstat', area: { level: 'STREET', name: '八角', street: 'BAJIAO' }, measures: { INDUSTRIAL_VALUE_ADDED: 5_000 * 1_000_000, RESIDENT_POPULATION: 60 } });
  await manifest('M1', month, 'G1', 'R4', 10 * T, 10 * T); // utilised 10 t
  await manifest('M2', month, 'G1', 'D1', 4 * T, 4 * T, 'RECEIVED'); // landfilled 4 t
  await manifest('M3', month, 'G2', 'D10', 3 * T, 3 * T); // incinerated 3 t
  await manifest('M4', month, 'G2', 'R4', 2 * T, null, 'IN_TRANSIT'); // not received: not counted
  await manifest('M5', month, 'G2', 'R4', 9 * T, 9 * T, 'VOIDED'); // voided: not counted

  await ticket('K1', month, 'INC1', 'OTHER', 2_000_000, 'BAJIAO');
  await ticket('K2', month, 'FW1', 'KITCHEN', 600_000, 'LUGU');
  await ticket('K3', month, 'LF1', 'OTHER', 100_000, 'LUGU');
  await ticket('K4', month, 'SC1', 'RECYCLABLE', 400_000, 'BAJIAO');
  await ticket('K5', month, 'LF1', 'OTHER', 700_000, null); // from a transfer station: landfilled, not "collected"
  await ticket('K6', month, 'INC1', 'OTHER', 999_000, 'BAJIAO', 'VOIDED');
  await report('RECYCLABLES', 'rc1', month, { RECOVERED: 500_000 }, { source: 'household', area: { level: 'STREET', name: '八角', street: 'BAJIAO' } });

  await waybill('W1', month, 'P1', 'RP1', 100 * T, 90 * T);
  await waybill('W2', month, 'P1', 'DS1', 20 * T, 25 * T);
  await waybill('W3', month, 'P1', 'DS1', 50 * T, 50 * T, 'VOIDED');

  await handover('MD1', month, 'H1', 300_000, new Date(`${month}-11T09:00:00+08:00`));
  await handover('MD2', month, 'H2', 200_000, null);
  await report('MEDICAL_RECYCLABLES', 'mr1', month, { GENERATED: 100_000, RECOVERED: 95_000 }, { source: 'medical', uscc: 'H1' });
}

export const EXPECTED_DISTRICT: Record<string, string> = {
  ZW01: '0.015000',
  ZW09: '0.923077',
  ZW10: '0.500000',
  'HW-LANDFILL-RATE': '0.200000',
  ZW15: '8',
  ZW18: '8',
  ZW06: '1.000000',
  ZW12: '0.416667',
  ZW20: '0.8',
  ZW11: '0.750000',
  ZW19: '25',
  ZW16: '0.500000',
  ZW14: '0.950000',
  ZW07: '0.666667',
  ZW21: '0.333333',
};
