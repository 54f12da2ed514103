/**
 * COMPLETENESS — an expected filing missing or late (应统尽统, DESIGN §5), from the completeness calendar
 * (src/completeness/). Keyed by reporter + kind of filing (which names its stream) + period.
 *
 * Expected: a reporter files a kind from the first period it ever filed one, every period after —
 * monthly general ledgers and HW ledgers (industrial platform, by USCC), quarterly environmental-tax
 * declarations and annual environmental statistics (taxstat, by USCC), monthly econ figures (taxstat, by
 * district or street), monthly ledgers of the medical institutions in the institution registry and the
 * disposer's monthly receipts (medical drop, by USCC), daily weigh tickets of the household registry's
 * transfer stations, incinerators and food-waste plants (by facility code; one flag per facility and
 * month naming its days, subject kind FACILITY; every other flag's subject is a PARTY or area).
 * Flagged: MISSING (due day passed, nothing received) and LATE (first version received after the due
 * day, the hub already syncing the stream; due days in src/config.ts, default the 15th of the following
 * month, 31 March for annual, the end of the next day for weigh tickets).
 * Unknown ⇒ no flag: a registered party that never filed that kind (it may not produce that waste); a
 * row without a USCC or area; periods before the reporter's first filing; an institution not (or no
 * longer) in the registry; the lateness of a filing whose source states no submission time (file drops:
 * only the hub's sync time is known) unless a successful sync after the due day did not find it; the
 * lateness of a filing the hub did not watch arrive (no successful sync of its stream before the due
 * instant: a backfill sees only the last change's `updatedAt`).
 * Not a finding: a revision of an on-time filing (REVISED, shown in the calendar); a filing not yet due;
 * an HW generator's missing quarterly tax declaration in a quarter the tax feed has published (COVERAGE's
 * HW_GENERATOR_NOT_DECLARED: one problem, one flag); a medical institution without disposer receipts
 * (COVERAGE's MEDICAL_NO_RECEIPTS). Closed by the engine once the filing arrives (no longer raised).
 */
import { FILING_CADENCE, FILING_STREAM, dueEnd, isFinding, periodCadence, type Cell, type FilingKind } from '../../completeness/calendar';
import { calendarFor, configuredDueDays, loadCalendarInputs, type CalendarInputs } from '../../completeness/read';
import { cstDateTime, monthsOfPeriod, side, stewardMessage, unique, usccKey, type Emit, type ReferenceSets, type Rule, type RuleContext } from './rule';
import { daysInMonth } from '../../indicators/periods';

const KIND_NAME: Readonly<Record<FilingKind, { zh: string; en: string }>> = {
  GENERAL_LEDGER: { zh: '一般工业固废月台账', en: 'monthly general industrial solid waste ledger' },
  HW_LEDGER: { zh: '危险废物月台账', en: 'monthly hazardous waste ledger' },
  ENV_TAX: { zh: '环境保护税季度申报', en: 'quarterly environmental tax declaration' },
  ENV_STAT: { zh: '环境统计年报', en: 'annual environmental statistics' },
  ECON: { zh: '经济指标月报', en: 'monthly economic figures' },
  MEDICAL_LEDGER: { zh: '医疗废物月登记', en: 'monthly medical waste ledger' },
  MEDICAL_RECEIPTS: { zh: '医疗废物接收记录月报', en: 'monthly medical waste receipts' },
  WEIGH_TICKETS: { zh: '称重记录', en: 'weigh tickets' },
};

/** The flag subject key of a cell: reporter + kind of filing (the period is the flag's own). */
export function completenessSubjectKey(reporterKey: string, kind: FilingKind): string {
  return `${reporterKey}|${kind}`;
}

// One read of the reports per run: the engine hands every period of a run the same reference sets.
const inputsByRun = new WeakMap<ReferenceSets, Promise<CalendarInputs>>();

function runInputs(refs: ReferenceSets): Promise<CalendarInputs> {
  let inputs = inputsByRun.get(refs);
  if (!inputs) {
    inputs = refs.partyStreets().then((streets) => loadCalendarInputs(undefined, streets));
    inputsByRun.set(refs, inputs);
  }
  return inputs;
}

/**
 * USCCs whose missing tax declaration in `quarter` is COVERAGE's: HW generated on the platform in the
 * quarter, and the tax feed has published the quarter (COVERAGE's own conditions).
 */
async function coverageOwnedTaxCells(ctx: RuleContext): Promise<ReadonlySet<string>> {
  const months = monthsOfPeriod(ctx.period);
  const taxRows = (await ctx.refs.reports('ENV_TAX', months)).filter((row) => row.period === ctx.period);
  if (taxRows.length === 0) return new Set();
  const owned = new Set<string>();
  for (const row of await ctx.refs.reports('HW_LEDGER', months)) {
    const uscc = usccKey(row.party?.uscc);
    if (uscc && months.includes(row.period) && row.lines.some((l) => l.measure === 'GENERATED' && l.grams > 0)) owned.add(uscc);
  }
  return owned;
}

async function emitCell(ctx: RuleContext, emit: Emit, cell: Cell, label: string, street: string | null): Promise<void> {
  const name = KIND_NAME[cell.kind];
  const stream = FILING_STREAM[cell.kind];
  const isParty = !cell.reporterKey.startsWith('AREA:');
  const late = cell.status === 'LATE' && cell.receivedAt;
  await emit({
    rule: 'COMPLETENESS',
    severity: ctx.settings.severity,
    stream,
    period: cell.period,
    subject: { kind: 'PARTY', key: completenessSubjectKey(cell.reporterKey, cell.kind), label, partyUscc: isParty ? cell.reporterKey : null, street },
    evidence: {
      sides: [
        side({ source: stream, label: `${name.en} ${cell.period} due`, value: cstDateTime(cell.dueAt), unit: 'due', records: [] }),
        side({ source: stream, label: `${name.en} ${cell.period} received`, value: late ? cstDateTime(cell.receivedAt!) : 'missing', unit: 'received', records: [] }),
      ],
      difference: cell.status,
      tolerance: 'due day',
      message: late
        ? stewardMessage(`${label} 的${cell.period}${name.zh}逾期报送（${cstDateTime(cell.receivedAt!)}，应于${cstDateTime(cell.dueAt)}前）`, `${label} filed the ${name.en} for ${cell.period} late (${cstDateTime(cell.receivedAt!)}, due before ${cstDateTime(cell.dueAt)})`)
        : stewardMessage(`${label} 未报送${cell.period}${name.zh}（应于${cstDateTime(cell.dueAt)}前）`, `${label} has not filed the ${name.en} for ${cell.period} (due before ${cstDateTime(cell.dueAt)})`),
    },
  });
}

/** One flag per facility and month for daily filings: the days missing, else the days late. */
async function emitDays(ctx: RuleContext, emit: Emit, cells: readonly Cell[], label: string, street: string | null): Promise<void> {
  const first = cells[0]!;
  const name = KIND_NAME[first.kind];
  const missing = cells.filter((c) => c.status === 'MISSING').map((c) => c.period);
  const late = cells.filter((c) => c.status === 'LATE');
  const lateText = late.map((c) => `${c.period} (${cstDateTime(c.receivedAt!)})`);
  const status = missing.length ? 'MISSING' : 'LATE';
  const parts = [missing.length ? { zh: `缺${missing.join('、')}的${name.zh}`, en: `no ${name.en} for ${missing.join(', ')}` } : null, late.length ? { zh: `${lateText.join('、')}的${name.zh}逾期报送`, en: `${name.en} filed late for ${lateText.join(', ')}` } : null].filter((p) => p !== null);
  await emit({
    rule: 'COMPLETENESS',
    severity: ctx.settings.severity,
    stream: FILING_STREAM[first.kind],
    period: ctx.period,
    subject: { kind: 'FACILITY', key: completenessSubjectKey(first.reporterKey, first.kind), label, partyUscc: null, street },
    evidence: {
      sides: [
        side({ source: FILING_STREAM[first.kind], label: `${name.en} ${ctx.period} days missing`, value: missing.join(', ') || 'none', unit: 'days', records: [] }),
        side({ source: FILING_STREAM[first.kind], label: `${name.en} ${ctx.period} days late`, value: late.map((c) => c.period).join(', ') || 'none', unit: 'days', records: [] }),
      ],
      difference: status,
      tolerance: 'due day',
      message: stewardMessage(`${label}：${parts.map((p) => p.zh).join('；')}（应于次日内报送）`, `${label}: ${parts.map((p) => p.en).join('; ')} (due by the end of the following day)`),
    },
  });
}

async function evaluatePeriod(ctx: RuleContext, emit: Emit): Promise<void> {
  const inputs = await runInputs(ctx.refs);
  const cells = await calendarFor(inputs, [ctx.period], ctx.asOf);
  const owned = /Q/.test(ctx.period) ? await coverageOwnedTaxCells(ctx) : new Set<string>();
  const reporters = new Map(inputs.reporters.map((r) => [`${r.kind}|${r.key}`, r]));
  const days = new Map<string, Cell[]>();
  for (const cell of cells) {
    if (!isFinding(cell.status)) continue;
    if (FILING_CADENCE[cell.kind] === 'DAY') {
      const key = `${cell.kind}|${cell.reporterKey}`;
      days.set(key, [...(days.get(key) ?? []), cell]);
      continue;
    }
    if (cell.kind === 'ENV_TAX' && cell.status === 'MISSING' && owned.has(cell.reporterKey)) continue;
    const reporter = reporters.get(`${cell.kind}|${cell.reporterKey}`);
    await emitCell(ctx, emit, cell, reporter?.label ?? cell.reporterKey, reporter?.street ?? null);
  }
  for (const [key, dayCells] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
    const reporter = reporters.get(key);
    await emitDays(ctx, emit, dayCells, reporter?.label ?? dayCells[0]!.reporterKey, reporter?.street ?? null);
  }
}

export const completeness: Rule = {
  id: 'COMPLETENESS',
  title: 'expected filing missing or late',
  stream: 'industrial',
  subjectKind: 'PARTY',
  key: 'reporter + kind of filing + period',
  reads: ['periodreports', 'movements', 'parties', 'facilities'],
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'MEDIUM' },
  // the clock alone turns a not-yet-due filing into a missing one, until the period's filings are due
  timeDependent: true,
  settlesAt: (period) => {
    const due = configuredDueDays();
    const cadence = periodCadence(period);
    const settles = dueEnd(period, cadence, due);
    if (cadence !== 'MONTH') return settles;
    // a month stands for its days too: the last day's weigh tickets are due after it
    const lastDay = daysInMonth(period);
    const dayDue = dueEnd(`${period}-${String(lastDay).padStart(2, '0')}`, 'DAY', due);
    return dayDue > settles ? dayDue : settles;
  },
  periodsOf: (months) => [...unique(months), ...unique(months.map((m) => `${m.slice(0, 4)}Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`)), ...unique(months.map((m) => m.slice(0, 4)))],
  evaluate(ctx, emit) {
    return { finish: () => evaluatePeriod(ctx, emit) };
  },
};
