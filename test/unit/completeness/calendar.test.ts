import { DEFAULT_DUE_DAYS, calendarCells, cellStatus, countBy, dueEnd, periodsBetween, periodsFor, receiptKey, type Receipt, type Reporter } from '../../../src/completeness/calendar';
import { cstDayOf, filingRowOf, firstReceivedAt, medicalFileOf, reportersOf } from '../../../src/completeness/read';
import { Types } from 'mongoose';

const cst = (text: string) => new Date(`${text}+08:00`);

describe('dueEnd: the end of the due day in China Standard Time', () => {
  it.each([
    ['2026-10', 'MONTH', '2026-11-16T00:00:00'],
    ['2026-12', 'MONTH', '2027-01-16T00:00:00'],
    ['2026Q3', 'QUARTER', '2026-10-16T00:00:00'],
    ['2026Q4', 'QUARTER', '2027-01-16T00:00:00'],
    ['2026', 'YEAR', '2027-04-01T00:00:00'],
    ['2026-10-31', 'DAY', '2026-11-02T00:00:00'],
    ['2026-12-31', 'DAY', '2027-01-02T00:00:00'],
  ] as const)('%s (%s) is due before %s CST', (period, cadence, end) => {
    expect(dueEnd(period, cadence).toISOString()).toBe(cst(end).toISOString());
  });

  it('clamps a due day past the month end to its last day', () => {
    expect(dueEnd('2026-01', 'MONTH', { ...DEFAULT_DUE_DAYS, monthly: 31 }).toISOString()).toBe(cst('2026-03-01T00:00:00').toISOString());
  });
});

describe('cellStatus', () => {
  const due = cst('2026-11-16T00:00:00');
  const receipt = (at: string, versions = 1, stated = true): Receipt => ({ receivedAt: cst(at), stated, versions, stream: 'industrial/general-ledgers' });
  const watched = cst('2026-01-01T00:00:00');
  it.each([
    ['nothing, before the due day ends', 'NOT_DUE', null, '2026-11-15T23:59:59'],
    ['nothing, at the due day end', 'MISSING', null, '2026-11-16T00:00:00'],
    ['received on the due day', 'RECEIVED', receipt('2026-11-15T23:59:00'), '2026-12-01T00:00:00'],
    ['received the minute after', 'LATE', receipt('2026-11-16T00:00:00'), '2026-12-01T00:00:00'],
    ['on time, then replaced', 'REVISED', receipt('2026-11-03T10:00:00', 2), '2026-12-01T00:00:00'],
    ['late, then replaced: still late', 'LATE', receipt('2026-11-20T10:00:00', 3), '2026-12-01T00:00:00'],
    ['after the due day by the hub’s sync time only: lateness unknown', 'RECEIVED', receipt('2026-11-20T10:00:00', 1, false), '2026-12-01T00:00:00'],
    ['revised, seen by the hub only after the due day', 'REVISED', receipt('2026-11-20T10:00:00', 2, false), '2026-12-01T00:00:00'],
    ['received before the due day, asked before it', 'RECEIVED', receipt('2026-11-02T10:00:00'), '2026-11-05T00:00:00'],
  ] as const)('%s → %s', (_label, status, r, asOf) => {
    expect(cellStatus(r, due, cst(asOf), watched)).toBe(status);
  });

  // LATE only when the hub watched it happen: syncing the stream before the due instant
  it.each([
    ['watched from well before the due day, arrived after it', 'LATE', '2026-01-01T00:00:00', receipt('2026-11-20T10:00:00')],
    ['watched from the last second before the due instant', 'LATE', '2026-11-15T23:59:59', receipt('2026-11-20T10:00:00')],
    ['watched from the due instant itself: a backfill', 'RECEIVED', '2026-11-16T00:00:00', receipt('2026-11-20T10:00:00')],
    ['first synced after the due day (backfill), updatedAt after due', 'RECEIVED', '2026-12-01T00:00:00', receipt('2026-11-20T10:00:00')],
    ['backfill of a corrected filing', 'REVISED', '2026-12-01T00:00:00', receipt('2026-11-20T10:00:00', 2)],
    ['never watched (no successful sync)', 'RECEIVED', null, receipt('2026-11-20T10:00:00')],
    ['watched before due, arrived on time', 'RECEIVED', '2026-01-01T00:00:00', receipt('2026-11-15T23:59:59')],
  ] as const)('%s → %s', (_label, status, watchedSince, r) => {
    expect(cellStatus(r, due, cst('2026-12-15T00:00:00'), watchedSince === null ? null : cst(watchedSince))).toBe(status);
  });
});

describe('a file drop (no stated time): LATE only when a sync after the due instant did not find it', () => {
  const due = cst('2026-11-16T00:00:00');
  const dropped = (at: string, absentAt: string | null, versions = 1): Receipt => ({ receivedAt: cst(at), stated: false, versions, stream: 'medical/ledgers', absentAt: absentAt === null ? null : cst(absentAt) });
  it.each([
    ['first seen after the due day, no sync in between', 'RECEIVED', dropped('2026-11-20T10:00:00', null)],
    ['a sync at the due instant did not find it', 'LATE', dropped('2026-11-20T10:00:00', '2026-11-16T00:00:00')],
    ['a sync after the due day did not find it, then it was replaced', 'LATE', dropped('2026-11-20T10:00:00', '2026-11-17T01:00:00', 2)],
    ['a sync before the due instant did not find it (not late by that)', 'RECEIVED', dropped('2026-11-20T10:00:00', '2026-11-15T23:00:00')],
    ['an absence after it was seen is no absence', 'RECEIVED', dropped('2026-11-20T10:00:00', '2026-11-21T00:00:00')],
  ] as const)('%s → %s', (_label, status, r) => {
    expect(cellStatus(r, due, cst('2026-12-15T00:00:00'), cst('2026-01-01T00:00:00'))).toBe(status);
  });
});

describe('daily filings (weigh tickets)', () => {
  it('a month stands for its days; a day for itself; other cadences for none', () => {
    expect(periodsFor('DAY', ['2026-02', '2026Q1']).length).toBe(28);
    expect(periodsFor('DAY', ['2026-02-03', '2026-02'])).toHaveLength(28);
    expect(periodsFor('MONTH', ['2026-02-03', '2026-02', '2026Q1'])).toEqual(['2026-02']);
  });

  const facility: Reporter = { key: 'F0001', label: '鲁谷垃圾转运站', kind: 'WEIGH_TICKETS', street: 'LUGU', firstPeriod: '2026-10-02' };
  const ticket = (at: string, stated = true): Receipt => ({ receivedAt: cst(at), stated, versions: 1, stream: 'household/weigh-tickets' });
  const receipts = new Map<string, Receipt>([
    [receiptKey('WEIGH_TICKETS', 'F0001', '2026-10-02'), ticket('2026-10-02T08:00:00')],
    [receiptKey('WEIGH_TICKETS', 'F0001', '2026-10-03'), ticket('2026-10-05T09:00:00')],
    // 2026-10-04: nothing
    [receiptKey('WEIGH_TICKETS', 'F0001', '2026-10-05'), ticket('2026-10-06T23:59:00')],
  ]);
  const cells = calendarCells([facility], ['2026-10'], receipts, cst('2026-10-07T12:00:00'), DEFAULT_DUE_DAYS, new Map([['household/weigh-tickets', cst('2026-09-01T00:00:00')]]));
  it('a cell per day from its first ticket day: late after the end of the next day, missing, not yet due', () => {
    expect(cells.slice(0, 6).map((c) => `${c.period}:${c.status}`)).toEqual(['2026-10-02:RECEIVED', '2026-10-03:LATE', '2026-10-04:MISSING', '2026-10-05:RECEIVED', '2026-10-06:NOT_DUE', '2026-10-07:NOT_DUE']);
    expect(cells).toHaveLength(30);
  });

  it('a reporter deregistered (or a feed not past the day) is not expected for periods that ended after it; a filing received is still shown', () => {
    const left = calendarCells([{ ...facility, until: cst('2026-10-04T12:00:00') }], ['2026-10'], receipts, cst('2026-10-31T12:00:00'), DEFAULT_DUE_DAYS);
    expect(left.map((c) => c.period)).toEqual(['2026-10-02', '2026-10-03', '2026-10-05']);
  });
});

describe('periodsBetween', () => {
  it.each([
    ['2026-11', '2027-02', 'MONTH', ['2026-11', '2026-12', '2027-01', '2027-02']],
    ['2026Q3', '2027Q1', 'QUARTER', ['2026Q3', '2026Q4', '2027Q1']],
    ['2025', '2026', 'YEAR', ['2025', '2026']],
    ['2026-05', '2026-04', 'MONTH', []],
  ] as const)('%s … %s (%s)', (first, last, cadence, expected) => {
    expect(periodsBetween(first, last, cadence)).toEqual(expected);
  });
});

describe('calendarCells', () => {
  const reporters: Reporter[] = [
    { key: 'A', label: 'A 公司', kind: 'GENERAL_LEDGER', street: null, firstPeriod: '2026-09' },
    { key: 'B', label: 'B 公司', kind: 'GENERAL_LEDGER', street: null, firstPeriod: '2026-11' },
    { key: 'A', label: 'A 公司', kind: 'ENV_TAX', street: null, firstPeriod: '2026Q1' },
  ];
  const receipts = new Map<string, Receipt>([
    [receiptKey('GENERAL_LEDGER', 'A', '2026-09'), { receivedAt: cst('2026-10-05T09:00:00'), stated: true, versions: 1, stream: 'industrial/general-ledgers' }],
    [receiptKey('GENERAL_LEDGER', 'A', '2026-10'), { receivedAt: cst('2026-11-20T09:00:00'), stated: true, versions: 1, stream: 'industrial/general-ledgers' }],
  ]);
  const watchStarts = new Map([['industrial/general-ledgers', cst('2026-09-01T00:00:00')]]);
  const cells = calendarCells(reporters, ['2026-09', '2026-10', '2026Q3'], receipts, cst('2026-12-01T00:00:00'), DEFAULT_DUE_DAYS, watchStarts);

  it('expects a reporter only from its first filing on, and only periods of its cadence', () => {
    expect(cells.map((c) => [c.reporterKey, c.kind, c.period, c.status])).toEqual([
      ['A', 'GENERAL_LEDGER', '2026-09', 'RECEIVED'],
      ['A', 'GENERAL_LEDGER', '2026-10', 'LATE'],
      ['A', 'ENV_TAX', '2026Q3', 'MISSING'],
    ]);
  });

  it('counts per reporter and per period', () => {
    expect(countBy(cells, (c) => c.reporterKey).get('A')).toEqual({ RECEIVED: 1, LATE: 1, MISSING: 1, REVISED: 0, NOT_DUE: 0 });
    expect(countBy(cells, (c) => c.period).get('2026-10')).toEqual({ RECEIVED: 0, LATE: 1, MISSING: 0, REVISED: 0, NOT_DUE: 0 });
  });
});

describe('reading filings', () => {
  const id = new Types.ObjectId();
  it('a party report belongs to its USCC; an econ row to its area; a report of another cadence to none', () => {
    expect(filingRowOf('GENERAL_LEDGER', { kind: 'GENERAL_LEDGER', period: '2026-10', periodKind: 'MONTH', party: { partyId: null, uscc: ' 91110000x ', name: '甲' }, area: null, sources: [id] })).toMatchObject({ reporterKey: '91110000X', label: '甲', period: '2026-10' });
    expect(filingRowOf('ECON', { kind: 'ECON', period: '2026-10', periodKind: 'MONTH', party: null, area: { level: 'STREET', name: '瀛海镇', street: null }, sources: [id] })).toMatchObject({ reporterKey: 'AREA:瀛海镇' });
    expect(filingRowOf('ECON', { kind: 'ECON', period: '2026', periodKind: 'YEAR', party: null, area: { level: 'DISTRICT', name: '区', street: null }, sources: [id] })).toBeNull();
    expect(filingRowOf('HW_LEDGER', { kind: 'HW_LEDGER', period: '2026-10', periodKind: 'MONTH', party: null, area: null, sources: [id] })).toBeNull();
  });

  it('a reporter starts at its earliest filing', () => {
    const row = (period: string) => ({ kind: 'HW_LEDGER' as const, reporterKey: 'A', label: 'A', street: null, period, sources: [] });
    expect(reportersOf([row('2026-10'), row('2026-08'), row('2026-09')])).toEqual([{ key: 'A', label: 'A', kind: 'HW_LEDGER', street: null, firstPeriod: '2026-08' }]);
  });

  it("a medical drop row's institution and month come from its record id; a ticket's day is its CST day", () => {
    expect(medicalFileOf('12110302224343467J/2026-11|M1|2026-11-03|内科|感染性')).toEqual({ uscc: '12110302224343467J', month: '2026-11' });
    expect(medicalFileOf('12110302224343467J/2026-13|M1')).toBeNull();
    expect(medicalFileOf('institutions|x')).toBeNull();
    expect(cstDayOf('2026-10-31T23:30:00+08:00')).toBe('2026-10-31');
    expect(cstDayOf('2026-10-31T16:30:00Z')).toBe('2026-11-01');
    expect(cstDayOf('not a time')).toBeNull();
  });

  it('a filing was received when its first version says, else when the hub first saw it', () => {
    const seen = new Date('2026-12-01T00:00:00Z');
    expect(firstReceivedAt({ version: 2, firstSeenAt: seen, payload: { updatedAt: '2026-11-20T10:00:00+08:00' }, history: [{ payload: { updatedAt: '2026-11-03T10:00:00+08:00' } }] }).at.toISOString()).toBe(cst('2026-11-03T10:00:00').toISOString());
    expect(firstReceivedAt({ version: 1, firstSeenAt: seen, payload: {}, history: [] })).toEqual({ at: seen, stated: false });
    expect(firstReceivedAt({ version: 1, firstSeenAt: seen, payload: { updatedAt: 'soon' }, history: [] })).toEqual({ at: seen, stated: false });
  });
});
