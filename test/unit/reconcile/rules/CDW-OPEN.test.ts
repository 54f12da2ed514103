import { compareCdwOpen } from '../../../../src/reconcile/rules/CDW-OPEN';

const exit = new Date('2026-03-10T09:00:00+08:00');
const H = 3_600_000;

describe('CDW-OPEN compareCdwOpen (24 h)', () => {
  it.each([
    ['at 24 h', 'IN_TRANSIT', 24 * H, false],
    ['just inside', 'IN_TRANSIT', 24 * H - 1, false],
    ['just beyond', 'IN_TRANSIT', 24 * H + 1, true],
    ['arrived', 'RECEIVED', 100 * H, false],
    ['voided', 'VOIDED', 100 * H, false],
  ])('%s', (_name, status, age, open) => {
    expect(compareCdwOpen({ status, departedAt: exit, arrivedAt: null, asOf: new Date(exit.getTime() + age) }, 24)).toBe(open);
  });
  it('a DEPARTED waybill with a facility entry time arrived (status not moved on)', () => {
    expect(compareCdwOpen({ status: 'IN_TRANSIT', departedAt: exit, arrivedAt: new Date(exit.getTime() + H), asOf: new Date(exit.getTime() + 100 * H) }, 24)).toBe(false);
  });
  it('needs an exit time (missing side)', () => {
    expect(compareCdwOpen({ status: 'IN_TRANSIT', departedAt: null, arrivedAt: null, asOf: new Date() }, 24)).toBe(false);
  });
});
