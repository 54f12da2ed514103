/** Typed targets: at least / at most (strict or not), range, zero, status; annual scope. */
import { compareDecimal, ratioText, subtractDecimal, tonnesText } from '../../../src/indicators/decimals';
import { evaluateTarget, type Target } from '../../../src/indicators/targets';

const base = { year: 2027, source: 'SEED_000_2027' as const, text: 't', scope: 'ANY' as const };

describe('evaluateTarget', () => {
  const cases: [string, Target | null, string | null, 'MONTH' | 'YEAR', string][] = [
    ['≥ 99 % met at the threshold', { kind: 'AT_LEAST', value: '0.99', strict: false, ...base }, '0.990000', 'MONTH', 'MET'],
    ['≥ 99 % not met just below', { kind: 'AT_LEAST', value: '0.99', strict: false, ...base }, '0.989999', 'MONTH', 'NOT_MET'],
    ['< 30 % not met at the threshold', { kind: 'AT_MOST', value: '0.3', strict: true, ...base }, '0.300000', 'MONTH', 'NOT_MET'],
    ['< 30 % met below', { kind: 'AT_MOST', value: '0.3', strict: true, ...base }, '0.299999', 'MONTH', 'MET'],
    ['< 0.01 t/万元', { kind: 'AT_MOST', value: '0.01', strict: true, ...base }, '0.015123', 'MONTH', 'NOT_MET'],
    ['≤ 1.25 kg', { kind: 'AT_MOST', value: '1.25', strict: false, ...base }, '1.250000', 'MONTH', 'MET'],
    ['range 1–2 inside', { kind: 'RANGE', min: '1', max: '2', ...base }, '2', 'YEAR', 'MET'],
    ['range 1–2 outside', { kind: 'RANGE', min: '1', max: '2', ...base }, '3', 'YEAR', 'NOT_MET'],
    ['zero met', { kind: 'ZERO', ...base }, '0', 'MONTH', 'MET'],
    ['zero not met', { kind: 'ZERO', ...base }, '0.0001', 'MONTH', 'NOT_MET'],
    ['status reached', { kind: 'STATUS', status: '基本建立', scale: ['暂无', '初步建立', '基本建立', '基本完善'], ...base }, '基本完善', 'YEAR', 'MET'],
    ['status not reached', { kind: 'STATUS', status: '基本建立', scale: ['暂无', '初步建立', '基本建立', '基本完善'], ...base }, '初步建立', 'YEAR', 'NOT_MET'],
    ['status unknown label', { kind: 'STATUS', status: '基本建立', scale: ['暂无', '基本建立'], ...base }, '很好', 'YEAR', 'NOT_APPLICABLE'],
    ['annual cap on a month', { kind: 'AT_MOST', value: '8205', strict: false, ...base, scope: 'YEAR' }, '9000', 'MONTH', 'NOT_APPLICABLE'],
    ['annual cap on a year', { kind: 'AT_MOST', value: '8205', strict: false, ...base, scope: 'YEAR' }, '9000', 'YEAR', 'NOT_MET'],
    ['no target', null, '1', 'MONTH', 'NOT_APPLICABLE'],
    ['no value', { kind: 'ZERO', ...base }, null, 'MONTH', 'NOT_APPLICABLE'],
  ];
  it.each(cases)('%s', (_name, target, value, kind, expected) => {
    expect(evaluateTarget(target, value, kind)).toBe(expected);
  });
});

describe('decimals', () => {
  it('rounds ratios half-up to 6 decimals like the sandbox', () => {
    expect(ratioText(1n, 8_000_000n)).toBe('0.000000'); // 0.000000125
    expect(ratioText(1n, 2_000_000n)).toBe('0.000001'); // 0.0000005 → up
    expect(ratioText(2n, 3n)).toBe('0.666667');
    expect(ratioText(5n, 0n)).toBeNull();
    expect(ratioText(123_456_789_012_345_678_901n, 7n)).toBe('17636684144620811271.571429');
  });
  it('writes tonnes truncated to 4 decimals, trimmed', () => {
    expect(tonnesText(12_345_678n)).toBe('12.3456');
    expect(tonnesText(12_000_000n)).toBe('12');
    expect(tonnesText(100n)).toBe('0.0001');
    expect(tonnesText(99n)).toBe('0');
  });
  it('compares and subtracts decimals exactly', () => {
    expect(compareDecimal('0.1', '0.100000')).toBe(0);
    expect(compareDecimal('10', '9.999999')).toBe(1);
    expect(subtractDecimal('0.991000', '0.990500')).toBe('0.000500');
    expect(subtractDecimal('12', '12.5')).toBe('-0.5');
  });
});
