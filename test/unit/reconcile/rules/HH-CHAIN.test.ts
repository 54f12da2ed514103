import { CHAIN_WINDOW_MS, compareChain, matchChain } from '../../../../src/reconcile/rules/HH-CHAIN';

const out = { ticketNo: 'OUT1', facilityCode: 'TS01', destination: 'INC01', plate: '京A12345', category: 'OTHER', at: 1_000_000, netGrams: 10_000_000 };
const inTicket = (overrides: Partial<typeof out> = {}) => ({ ticketNo: 'IN1', facilityCode: 'INC01', plate: '京A12345', category: 'OTHER', at: 1_000_000 + 3_600_000, netGrams: 10_000_000, ...overrides });

describe('HH-CHAIN matchChain', () => {
  it('takes the first IN at the destination with the same plate and category within 4 h', () => {
    expect(matchChain(out, [inTicket({ ticketNo: 'LATER', at: out.at + 2 * 3_600_000 }), inTicket()])?.ticketNo).toBe('IN1');
    expect(matchChain(out, [inTicket({ at: out.at + CHAIN_WINDOW_MS })])?.ticketNo).toBe('IN1');
  });
  it.each([
    ['beyond the window', { at: out.at + CHAIN_WINDOW_MS + 1 }],
    ['before the OUT', { at: out.at - 1 }],
    ['other plant', { facilityCode: 'LF01' }],
    ['other plate', { plate: '京A99999' }],
    ['other category', { category: 'KITCHEN' }],
  ])('no match: %s', (_name, overrides) => {
    expect(matchChain(out, [inTicket(overrides)])).toBeNull();
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
