import { hhCategory } from '../../../../src/reconcile/rules/HH-CATEGORY';
import { CHAIN_WINDOW_MS, compareChain, hhChain, matchChains, weighedNetGrams } from '../../../../src/reconcile/rules/HH-CHAIN';
import { hhNet } from '../../../../src/reconcile/rules/HH-NET';
import { grams, movement, runRule } from './ruleHarness';

const out: { ticketNo: string; facilityCode: string; destination: string | null; plate: string; category: string; at: number; netGrams: number } = { ticketNo: 'OUT1', facilityCode: 'TS01', destination: 'INC01', plate: '京A12345', category: 'OTHER', at: 1_000_000, netGrams: 10_000_000 };
const matchChain = (o: typeof out, ins: ReturnType<typeof inTicket>[]) => matchChains([o], ins).get(o.ticketNo) ?? null;
const inTicket = (overrides: Partial<typeof out> = {}) => ({ ticketNo: 'IN1', facilityCode: 'INC01', plate: '京A12345', category: 'OTHER', at: 1_000_000 + 3_600_000, netGrams: 10_000_000, ...overrides });

describe('HH-CHAIN matchChain', () => {
  it('takes the first IN at the destination with the same plate and category within 4 h', () => {
    expect(matchChain(out, [inTicket({ ticketNo: 'LATER', at: out.at + 2 * 3_600_000 }), inTicket()])?.ticketNo).toBe('IN1');
    expect(matchChain(out, [inTicket({ at: out.at + CHAIN_WINDOW_MS })])?.ticketNo).toBe('IN1');
  });
  it('an OUT that names no destination matches an IN at any facility', () => {
    expect(matchChain({ ...out, destination: null }, [inTicket({ facilityCode: 'INC02' })])?.ticketNo).toBe('IN1');
  });
  it.each([
    ['beyond the window', { at: out.at + CHAIN_WINDOW_MS + 1 }],
    ['before the OUT', { at: out.at - 1 }],
    ['other plant', { facilityCode: 'LF01' }],
    ['other plate', { plate: '京A99999' }],
  ])('no match: %s', (_name, overrides) => {
    expect(matchChain(out, [inTicket(overrides)])).toBeNull();
  });
  it('an IN under another category is the OUT\'s IN only in the relabel pass (the caller judges it)', () => {
    expect(matchChain(out, [inTicket({ category: 'KITCHEN' })])?.category).toBe('KITCHEN');
  });
});

describe('HH-CHAIN matchChains: several trips of one plate in a day', () => {
  const H = 3_600_000;
  const trip = (no: string, at: number) => ({ ...out, ticketNo: no, at });
  it('the trip whose IN is missing is the unmatched one, not the next trip', () => {
    // OUT1 08:00 never arrives; OUT2 10:00 arrives 11:00 (within 4 h of OUT1 too)
    const matches = matchChains([trip('OUT1', 0), trip('OUT2', 2 * H)], [inTicket({ ticketNo: 'IN2', at: 3 * H })]);
    expect([...matches].map(([o, i]) => [o, i?.ticketNo ?? null])).toEqual([['OUT1', null], ['OUT2', 'IN2']]);
  });
  it('an IN weighed after the plate\'s next OUT belongs to that OUT', () => {
    const matches = matchChains([trip('OUT1', 0), trip('OUT2', H)], [inTicket({ ticketNo: 'IN1', at: 2 * H })]);
    expect([...matches].map(([o, i]) => [o, i?.ticketNo ?? null])).toEqual([['OUT1', null], ['OUT2', 'IN1']]);
  });
  it('each IN serves one OUT (two stations, one plate, same minute)', () => {
    const matches = matchChains([trip('OUT1', 0), { ...trip('OUT2', 0), facilityCode: 'TS02' }], [inTicket({ ticketNo: 'IN1', at: H })]);
    expect([...matches].map(([o, i]) => [o, i?.ticketNo ?? null])).toEqual([['OUT1', 'IN1'], ['OUT2', null]]);
  });
  it('an OUT from another facility (or next month) ends the window', () => {
    const matches = matchChains([trip('OUT1', 0)], [inTicket({ ticketNo: 'IN9', at: 3 * H })], [{ plate: out.plate, at: 2 * H }]);
    expect(matches.get('OUT1')).toBeNull();
  });
  it('two back-to-back trips each find their own IN', () => {
    const matches = matchChains([trip('OUT1', 0), trip('OUT2', 2 * H)], [inTicket({ ticketNo: 'IN1', at: H }), inTicket({ ticketNo: 'IN2', at: 3 * H })]);
    expect([...matches].map(([o, i]) => [o, i?.ticketNo ?? null])).toEqual([['OUT1', 'IN1'], ['OUT2', 'IN2']]);
  });
});

describe('HH-CHAIN compareChain (3 % of OUT net)', () => {
  it.each([
    ['equal', 10_000_000, 10_000_000, true, null],
    ['at tolerance', 10_000_000, 9_700_000, true, null],
    ['just inside', 10_000_000, 9_700_010, true, null],
    ['just beyond', 10_000_000, 9_699_990, true, 'GAP'],
    ['unmatched (IN side missing)', 10_000_000, null, false, 'UNMATCHED'],
  ])('%s', (_name, outNet, inNet, matched, expected) => {
    expect(compareChain({ outNetGrams: outNet, inNetGrams: inNet, matched }, 3)?.kind ?? null).toBe(expected);
  });
});

describe('HH-CHAIN over weigh tickets', () => {
  const station = { code: 'TS01', stream: 'household' as const, type: 'TRANSFER_STATION', street: null, location: null, sources: [] };
  const plant = { ...station, code: 'INC01', type: 'INCINERATOR' };
  const at = (hour: number) => new Date(Date.UTC(2026, 9, 10, hour - 8));
  const ticket = (no: string, direction: 'IN' | 'OUT', hour: number, plate = '京A12345', netKg = 10_000) =>
    movement({
      kind: 'WEIGH_TICKET', sourceKey: no, stream: 'household', direction, departedAt: at(hour), category: 'OTHER', vehicle: { plate, vehicleId: null },
      from: { party: null, facilityId: null, facilityCode: 'TS01', projectId: null, projectCode: null, street: null },
      to: { party: null, facilityId: null, facilityCode: 'INC01', projectId: null, projectCode: null, street: null },
      quantities: [grams('NET', netKg * 1000)],
    });
  it('with two trips of one plate in a day, the trip that never arrived is the one flagged', async () => {
    const flags = await runRule(hhChain, { movements: [ticket('OUT1', 'OUT', 8), ticket('OUT2', 'OUT', 10), ticket('IN2', 'IN', 11)], asOf: new Date('2026-11-15T00:00:00+08:00'), facilities: [station, plant] });
    expect(flags.map((f) => [f.subject.key, f.evidence.difference])).toEqual([['OUT1', 'no IN ticket at INC01 within 4 h']]);
    expect(flags[0]!.evidence.message).toBe('转运站出站称重单 OUT1（京A12345，OTHER）在 INC01 4 小时内无对应进场称重 | transfer OUT1 (京A12345, OTHER) has no IN ticket at INC01 within 4 h: the load did not arrive');
  });

  const weighed = (no: string, direction: 'IN' | 'OUT', hour: number, kg: { gross: number; tare: number; net: number }, category = 'OTHER') => ({
    ...ticket(no, direction, hour),
    category,
    quantities: [grams('GROSS', kg.gross * 1000), grams('TARE', kg.tare * 1000), grams('NET', kg.net * 1000)],
  });
  const options = { asOf: new Date('2026-11-15T00:00:00+08:00'), facilities: [station, plant] };
  it('a wrong stated net on the IN ticket is HH-NET\'s one flag: the chain compares gross − tare', async () => {
    const tickets = [weighed('OUT1', 'OUT', 8, { gross: 25_000, tare: 15_000, net: 10_000 }), weighed('IN1', 'IN', 9, { gross: 24_950, tare: 15_000, net: 9_000 })];
    expect(await runRule(hhChain, { movements: tickets, ...options })).toEqual([]);
    expect((await runRule(hhNet, { movements: tickets, ...options })).map((f) => f.subject.key)).toEqual(['IN1']);
  });
  it('a load that really shrank is still found when a stated net is also wrong', async () => {
    const tickets = [weighed('OUT1', 'OUT', 8, { gross: 25_000, tare: 15_000, net: 10_000 }), weighed('IN1', 'IN', 9, { gross: 24_000, tare: 15_000, net: 10_000 })];
    expect((await runRule(hhChain, { movements: tickets, ...options })).map((f) => f.evidence.differenceGrams)).toEqual([-1_000_000]);
  });
  it('an IN relabelled to a category the plant does not take is HH-CATEGORY\'s one flag, not an unmatched trip', async () => {
    const tickets = [ticket('OUT1', 'OUT', 8), { ...ticket('IN1', 'IN', 9), category: 'KITCHEN' }];
    expect(await runRule(hhChain, { movements: tickets, ...options })).toEqual([]);
    expect((await runRule(hhCategory, { movements: tickets, ...options })).map((f) => f.subject.key)).toEqual(['IN1']);
  });
  it('an IN relabelled to a category the plant takes is one HH-CHAIN relabel flag', async () => {
    const flags = await runRule(hhChain, { movements: [ticket('OUT1', 'OUT', 8), { ...ticket('IN1', 'IN', 9), category: 'BULKY' }], ...options });
    expect(flags.map((f) => [f.subject.key, f.evidence.difference])).toEqual([['OUT1', 'category OTHER at OUT, BULKY at IN IN1']]);
  });
  it('a relabelled IN is taken only by an OUT left without an IN of its own category', () => {
    const matches = matchChains([out], [inTicket({ ticketNo: 'RELABEL', category: 'BULKY', at: out.at + 60_000 }), inTicket()]);
    expect(matches.get('OUT1')?.ticketNo).toBe('IN1');
  });
});

describe('HH-CHAIN weighedNetGrams', () => {
  it.each([
    ['gross − tare over a wrong stated net', 25_000, 15_000, 9_000, 10_000],
    ['stated net when the tare is missing', 25_000, null, 9_000, 9_000],
    ['unknown when nothing is stated', null, null, null, null],
  ])('%s', (_name, grossGrams, tareGrams, netGrams, expected) => {
    expect(weighedNetGrams({ grossGrams, tareGrams, netGrams })).toBe(expected);
  });
});
