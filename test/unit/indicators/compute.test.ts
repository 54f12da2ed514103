/** Each compute function over tables of inputs: exact values, numerators and denominators. */
import { COMPUTE, type InputTotals } from '../../../src/indicators/compute';
import { COMPUTABLE, INDICATORS, INPUT_NAMES, PRIORITY_CODES, indicatorDefinition, type InputName } from '../../../src/indicators/definitions';

function inputs(values: Partial<Record<InputName, bigint>>): InputTotals {
  return Object.fromEntries(INPUT_NAMES.map((n) => [n, values[n] ?? 0n])) as InputTotals;
}

const T = 1_000_000n; // grams per tonne

describe('compute functions', () => {
  const cases: [string, Partial<Record<InputName, bigint>>, string | null, string, string][] = [
    // code, inputs, value, numerator, denominator
    ['ZW01', { 'industrial.general.generated': 120n * T, 'industrial.hw.generated': 30n * T, 'taxstat.econ.industrialValueAdded': 10_000n * 1_000_000n }, '0.015000', '150000000', '10000000000'],
    ['ZW01', { 'industrial.general.generated': 1n, 'taxstat.econ.industrialValueAdded': 3n }, '0.333333', '1', '3'],
    ['ZW01', { 'industrial.general.generated': 2n, 'taxstat.econ.industrialValueAdded': 3n }, '0.666667', '2', '3'],
    ['ZW01', { 'industrial.general.generated': 5n }, null, '5', '0'],
    ['ZW09', { 'industrial.general.utilised': 99n * T, 'industrial.general.generated': 95n * T, 'industrial.general.utilisedFromStock': 5n * T }, '0.990000', '99000000', '100000000'],
    ['ZW10', { 'industrial.hw.receivedUtilised': 13n * T, 'industrial.hw.generated': 20n * T }, '0.650000', '13000000', '20000000'],
    ['HW-LANDFILL-RATE', { 'industrial.hw.receivedLandfilled': 1n, 'industrial.hw.generated': 8n }, '0.125000', '1', '8'],
    ['HW-LANDFILL-RATE', { 'industrial.hw.receivedLandfilled': 1n, 'industrial.hw.generated': 16_000_000n }, '0.000000', '1', '16000000'],
    ['HW-LANDFILL-RATE', { 'industrial.hw.receivedLandfilled': 1n, 'industrial.hw.generated': 2_000_000n }, '0.000001', '1', '2000000'],
    ['ZW15', { 'industrial.hw.receivedDisposed': 1_234_500n, 'industrial.hw.onSite': 100n }, '1.2346', '1234600', '1'],
    ['ZW18', { 'industrial.general.disposed': 5n * T, 'industrial.general.closingStock': 10n }, '5', '5000010', '1'],
    ['ZW06', { 'household.collected': 1_250_000n * 30n, 'taxstat.econ.personDays': 30_000n }, '1.250000', '37500000', '30000'],
    ['ZW07', { 'household.communitiesSorted': 29n, 'household.communities': 30n }, '0.966667', '29', '30'],
    ['ZW21', { 'household.communitiesHazardous': 30n, 'household.communities': 30n }, '1.000000', '30', '30'],
    ['ZW12', { 'household.recyclablesStream': 10n, 'household.recyclablesTicketed': 20n, 'household.perishables': 15n, 'household.collected': 90n }, '0.450000', '45', '100'],
    ['ZW20', { 'household.landfilled': 12_345_670n }, '12.3456', '12345670', '1'],
    ['ZW20', { 'household.landfilled': 0n }, '0', '0', '1'],
    ['ZW11', { 'construction.toRecycling': 9n, 'construction.hauled': 10n }, '0.900000', '9', '10'],
    ['ZW19', { 'construction.toDisposalSite': 660_000n * T }, '660000', '660000000000', '1'],
    ['ZW14', { 'medical.recyclablesRecovered': 95n, 'medical.recyclablesGenerated': 100n }, '0.950000', '95', '100'],
    ['ZW16', { 'medical.institutionsCovered': 39n, 'medical.institutions': 40n }, '0.975000', '39', '40'],
  ];
  it.each(cases.map(([c, v, val, n, d]) => [c, val, v, n, d] as const))('%s → %s (case %#)', (code, value, values, numerator, denominator) => {
    const result = COMPUTE[code]!(inputs(values));
    expect(result.value).toBe(value);
    expect(result.numerator.toString()).toBe(numerator);
    expect(result.denominator.toString()).toBe(denominator);
  });

  it('reads only the inputs its definition declares', () => {
    for (const def of COMPUTABLE) {
      const all = inputs(Object.fromEntries(INPUT_NAMES.map((n) => [n, 7n])));
      const declaredOnly = inputs(Object.fromEntries(def.inputs.map((n) => [n, 7n])));
      expect(COMPUTE[def.code]!(declaredOnly)).toEqual(COMPUTE[def.code]!(all));
    }
  });
});

describe('definitions', () => {
  it('holds the 43 indicators of the digest (#31 as a and b) plus the hub HW landfill rate, each computable one with a compute function', () => {
    expect(INDICATORS).toHaveLength(45);
    expect(new Set(INDICATORS.map((d) => d.code)).size).toBe(45);
    expect(COMPUTABLE.map((d) => d.code).sort()).toEqual(Object.keys(COMPUTE).sort());
    for (const code of PRIORITY_CODES) expect(indicatorDefinition(code)?.priority).toBe(true);
  });

  it('takes the 2027 targets of the district plan (seed 000) for the priority set', () => {
    const t = (code: string) => indicatorDefinition(code)!.target;
    expect(t('ZW01')).toMatchObject({ kind: 'AT_MOST', value: '0.01', strict: true, year: 2027, source: 'SEED_000_2027' });
    expect(t('ZW09')).toMatchObject({ kind: 'AT_LEAST', value: '0.99', year: 2027, source: 'SEED_000_2027' });
    expect(t('HW-LANDFILL-RATE')).toMatchObject({ kind: 'AT_MOST', value: '0.3', strict: true, source: 'SEED_000_2027' });
    expect(t('ZW12')).toMatchObject({ kind: 'AT_LEAST', value: '0.45', source: 'SEED_000_2027' });
    expect(t('ZW11')).toMatchObject({ kind: 'AT_LEAST', value: '0.9', source: 'SEED_000_2027' });
    expect(t('ZW20')).toMatchObject({ kind: 'ZERO', source: 'SEED_000_2027' });
    expect(t('ZW10')).toMatchObject({ kind: 'AT_LEAST', value: '0.65', source: 'DIGEST_2020' });
    expect(t('ZW18')).toMatchObject({ kind: 'AT_MOST', value: '8205', scope: 'YEAR', source: 'DIGEST_2020' });
  });
});
