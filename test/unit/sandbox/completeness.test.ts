import { generateScenario } from '../../../sandbox';
import { dailyDueEnd, eligibleFilings, filingsOf, monthlyDueEnd } from '../../../sandbox/scenario/completeness';
import type { VersionedRecord } from '../../../sandbox/scenario/types';

const cst = (text: string) => Date.parse(`${text}+08:00`);

describe('monthlyDueEnd: the 15th of the following month, 24:00 CST', () => {
  it.each([
    ['2026-10', '2026-11-16T00:00:00'],
    ['2026-12', '2027-01-16T00:00:00'],
  ])('%s is due before %s CST', (month, end) => {
    expect(monthlyDueEnd(month)).toBe(cst(end));
  });
});

describe('eligibleFilings: only withholdings that are an unambiguous MISSING and touch no other truth', () => {
  const at = cst('2026-10-05T10:00:00');
  const row = (id: string, uscc: string, ny: string): VersionedRecord => ({ id, versions: [{ at, body: { id, tyshxydm: uscc, ny, fwdm: '99-12-01' } }] });
  const months = new Set(['2026-10', '2026-11', '2026-12']);
  const records = [
    row('a10', 'A', '202610'), row('a11', 'A', '202611'), row('a12', 'A', '202612'),
    row('b10', 'B', '202610'), row('b11', 'B', '202611'), row('b12', 'B', '202612'),
    row('c11', 'C', '202611'), row('c12', 'C', '202612'),
    row('d10', 'D', '202610'), row('d11', 'D', '202611'),
    row('x13', 'E', '202613'),
  ];
  const filings = filingsOf(records, cst('2027-01-16T00:00:00'), months);
  const keys = (horizon: string, named: string[] = [], freeText: string[] = []) =>
    eligibleFilings(filings, cst(horizon), new Set(named), new Set(freeText)).map((f) => `${f.uscc}|${f.month}`);

  it.each([
    ['never a first month; the last month only once due at the horizon', '2027-01-16T00:00:00', [], [], ['A|2026-11', 'A|2026-12', 'B|2026-11', 'B|2026-12', 'C|2026-12', 'D|2026-11']],
    ['a month due after the horizon is not withheld', '2027-01-15T23:59:59', [], [], ['A|2026-11', 'B|2026-11', 'D|2026-11']],
    ['a reporter or record another truth entry names is left alone', '2027-01-16T00:00:00', ['A', 'b12'], [], ['B|2026-11', 'C|2026-12', 'D|2026-11']],
    ['a reporter with free-text waste names is left alone', '2027-01-16T00:00:00', [], ['B', 'C'], ['A|2026-11', 'A|2026-12', 'D|2026-11']],
  ] as const)('%s', (_label, horizon, named, freeText, expected) => {
    expect(keys(horizon, [...named], [...freeText])).toEqual(expected);
  });

  it('ignores a row of a month outside the scenario (malformed, quarantined)', () => {
    expect([...filings.keys()].some((k) => k.startsWith('E|'))).toBe(false);
  });
});

describe('delayFilings: every delayed filing is published after its due day and by the horizon', () => {
  const scenario = generateScenario({ size: 0.1, months: 3, seed: 'delays' });
  const delayed = scenario.groundTruth.discrepancies.filter((d) => d.rule === 'COMPLETENESS' && d.detail.kind === 'DELAYED');

  it('delays a filing of every kind the sandbox can time', () => {
    expect([...new Set(delayed.map((d) => d.subject.kind))].sort()).toEqual(['GENERAL_LEDGER', 'HW_LEDGER', 'MEDICAL_LEDGER', 'MEDICAL_RECEIPTS', 'WEIGH_TICKETS']);
  });

  it.each(['GENERAL_LEDGER', 'HW_LEDGER', 'MEDICAL_LEDGER', 'MEDICAL_RECEIPTS', 'WEIGH_TICKETS'])('%s: first published after the due instant, before the horizon', (kind) => {
    for (const d of delayed.filter((e) => e.subject.kind === kind)) {
      const due = kind === 'WEIGH_TICKETS' ? dailyDueEnd(d.subject.day!) : monthlyDueEnd(d.subject.month!);
      expect(Date.parse(String(d.detail.dueEnd))).toBe(due);
      const first = kind.startsWith('MEDICAL')
        ? Math.min(...scenario.files.medical.filter((f) => f.path === d.detail.path).map((f) => f.versions[0]!.at))
        : kind === 'WEIGH_TICKETS'
          ? Math.min(...scenario.rest.household['weigh-tickets'].filter((t) => t.versions[0]!.body.facilityId === d.subject.facilityId && String(t.versions[0]!.body.weighedAt).slice(0, 10) === d.subject.day).map((t) => t.versions[0]!.at))
          : Math.min(...scenario.rest.industrial[kind === 'GENERAL_LEDGER' ? 'general-ledgers' : 'hw-ledgers'].filter((r) => r.versions[0]!.body.tyshxydm === d.subject.uscc && String(r.versions[0]!.body.ny) === d.subject.month!.replace('-', '')).map((r) => r.versions[0]!.at));
      expect(first).toBeGreaterThanOrEqual(due);
      expect(first).toBeLessThan(scenario.horizon);
    }
  });

  it('is deterministic: the same seed delays the same filings', () => {
    const again = generateScenario({ size: 0.1, months: 3, seed: 'delays' }).groundTruth.discrepancies.filter((d) => d.rule === 'COMPLETENESS');
    expect(again).toEqual(scenario.groundTruth.discrepancies.filter((d) => d.rule === 'COMPLETENESS'));
  });
});
