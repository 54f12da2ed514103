import { compareHwLate } from '../../../../src/reconcile/rules/HW-LATE';

const shipped = new Date('2026-03-01T08:00:00+08:00');
const at = (ms: number) => new Date(shipped.getTime() + ms);
const DAY = 86_400_000;

describe('HW-LATE compareHwLate (5 days)', () => {
  it.each([
    ['exactly 5 days', 'IN_TRANSIT', 5 * DAY, false],
    ['just inside', 'IN_TRANSIT', 5 * DAY - 1, false],
    ['just beyond', 'IN_TRANSIT', 5 * DAY + 1, true],
    ['open (zt 10) beyond', 'OPEN', 6 * DAY, true],
    ['received beyond', 'RECEIVED', 30 * DAY, false],
    ['voided beyond', 'VOIDED', 30 * DAY, false],
  ])('%s', (_name, status, age, late) => {
    expect(compareHwLate({ status, departedAt: shipped, asOf: at(age) }, 5) !== null).toBe(late);
  });

  it('is not late once the receiver stated a receipt, even with the status code still 20', () => {
    expect(compareHwLate({ status: 'IN_TRANSIT', departedAt: shipped, asOf: at(9 * DAY), receiptStated: true }, 5)).toBeNull();
    expect(compareHwLate({ status: 'IN_TRANSIT', departedAt: shipped, asOf: at(9 * DAY), receiptStated: false }, 5)).not.toBeNull();
  });

  it('has nothing to say without a shipping time', () => {
    expect(compareHwLate({ status: 'IN_TRANSIT', departedAt: null, asOf: at(30 * DAY) }, 5)).toBeNull();
  });
});
