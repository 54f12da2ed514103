import { countersServe, escalatedCountsId, flagCountDelta, streamCountsId, type CountedFlag } from '../../../src/reconcile/flagCounts';

const flag: CountedFlag = { stream: 'industrial', rule: 'HW-QTY', status: 'OPEN', severity: 'HIGH', period: '2026-10', escalatedTo: [] };
const cells = (delta: ReturnType<typeof flagCountDelta>) => Object.fromEntries([...delta].map(([id, byCell]) => [id, Object.fromEntries(byCell)]));

describe('flagCountDelta', () => {
  it.each<[string, CountedFlag | null, CountedFlag | null, Record<string, Record<string, number>>]>([
    ['a new flag adds one to its cell', null, flag, { [streamCountsId('industrial')]: { 'industrial|HW-QTY|OPEN|HIGH|2026-10': 1 } }],
    ['a resolution moves it between status cells', flag, { ...flag, status: 'RESOLVED' }, { [streamCountsId('industrial')]: { 'industrial|HW-QTY|OPEN|HIGH|2026-10': -1, 'industrial|HW-QTY|RESOLVED|HIGH|2026-10': 1 } }],
    ['a comment changes nothing counted', flag, { ...flag }, { [streamCountsId('industrial')]: { 'industrial|HW-QTY|OPEN|HIGH|2026-10': 0 } }],
    [
      'an escalation adds the flag to the agency it went to',
      flag,
      { ...flag, escalatedTo: ['UMC'] },
      { [streamCountsId('industrial')]: { 'industrial|HW-QTY|OPEN|HIGH|2026-10': 0 }, [escalatedCountsId('UMC')]: { 'industrial|HW-QTY|OPEN|HIGH|2026-10': 1 } },
    ],
    ['dots and dollars in a rule stay out of field paths', null, { ...flag, rule: 'X.$1%' }, { [streamCountsId('industrial')]: { 'industrial|X%2E%241%25|OPEN|HIGH|2026-10': 1 } }],
  ])('%s', (_name, before, after, expected) => {
    expect(cells(flagCountDelta(before, after))).toEqual(expected);
  });
});

describe('countersServe', () => {
  it.each([
    [{}, true],
    [{ rule: ['HW-QTY'], status: ['OPEN' as const], severity: ['LOW' as const], stream: ['medical'], period: '2026-10' }, true],
    [{ text: '  ' }, true],
    [{ text: 'abc' }, false],
    [{ party: '91110000' }, false],
    [{ street: '老山街道' }, false],
    [{ assignee: 'key1' }, false],
    [{ party: '' }, false],
  ])('%j → %s', (filter, served) => expect(countersServe(filter)).toBe(served));
});
