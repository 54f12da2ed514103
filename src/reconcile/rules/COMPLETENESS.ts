/**
 * COMPLETENESS — an expected filing missing or late (应统尽统, DESIGN §5), from the completeness calendar
 * (src/completeness/). Keyed by reporter + kind of filing (which names its stream) + period.
 *
 * Expected: a reporter files a kind from the first period it ever filed one, every period after —
 * monthly general ledgers and HW ledgers (industrial platform, by USCC), quarterly environmental-tax
 * declarations and annual environmental statistics (taxstat, by USCC), monthly econ figures (taxstat, by
 * district or street).
 * Flagged: MISSING (due day passed, nothing received) and LATE (first version received after the due
 * day, the hub already syncing the stream; due days in src/config.ts, default the 15th of the following month, 31 March for annual).
 * Unknown ⇒ no flag: a registered party that never filed that kind (it may not produce that waste); a
 * row without a USCC or area; periods before the reporter's first filing; the lateness of a filing whose
 * source states no submission time (taxstat file rows: only the hub's sync time is known, so never LATE);
 * the lateness of a filing the hub did not watch arrive (no successful sync of its stream before the due
 * instant: a backfill sees only the last change's `updatedAt`).
 * Not a finding: a revision of an on-time filing (REVISED, shown in the calendar); a filing not yet due;
 * an HW generator's missing quarterly tax declaration in a quarter the tax feed has published (COVERAGE's
 * HW_GENERATOR_NOT_DECLARED: one problem, one flag); a medical institution without disposer receipts
 * (COVERAGE's MEDICAL_NO_RECEIPTS). Closed by the engine once the filing arrives (no longer raised).
 */
import { FILING_STREAM, cadenceOfPeriod, dueEnd, isFinding, type Cell, type FilingKind } from '../../completeness/calendar';
import { calendarFor, configuredDueDays, loadCalendarInputs, type CalendarInputs } from '../../completeness/read';
import { cstDateTime, monthsOfPeriod, side, stewardMessage, unique, usccKey, type Emit, type ReferenceSets, type Rule, type RuleContext } from './rule';

const KIND_NAME: Readonly<Record<FilingKind, { zh: string; en: string }>> = {
  GENERAL_LEDGER: { zh: '一般工业固废月台账', en: 'monthly general industrial solid waste ledger' },
  HW_LEDGER: { zh: '危险废物月台账', en: 'monthly hazardous waste ledger' },
  ENV_TAX: { zh: '环境保护税季度申报', en: 'quarterly environmental tax declaration' },
  ENV_STAT: { zh: '环境统计年报', en: 'annual environmental statistics' },
  ECON: { zh: '经济指标月报', en: 'monthly economic figures' },
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

async function evaluatePeriod(ctx: RuleContext, emit: Emit): Promise<void> {
  const inputs = await runInputs(ctx.refs);
  const cells = await calendarFor(inputs, [ctx.period], ctx.asOf);
  const owned = /Q/.test(ctx.period) ? await coverageOwnedTaxCells(ctx) : new Set<string>();
  const reporters = new Map(inputs.reporters.map((r) => [`${r.kind}|${r.key}`, r]));
  for (const cell of cells) {
    if (!isFinding(cell.status)) continue;
    if (cell.kind === 'ENV_TAX' && cell.status === 'MISSING' && owned.has(cell.reporterKey)) continue;
    const reporter = reporters.get(`${cell.kind}|${cell.reporterKey}`);
    await emitCell(ctx, emit, cell, reporter?.label ?? cell.reporterKey, reporter?.street ?? null);
  }
}

export const completeness: Rule = {
  id: 'COMPLETENESS',
  title: 'expected filing missing or late',
  stream: 'industrial',
  subjectKind: 'PARTY',
  key: 'reporter + kind of filing + period',
  reads: ['periodreports', 'parties'],
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'MEDIUM' },
  // the clock alone turns a not-yet-due filing into a missing one, until the period's filings are due
  timeDependent: true,
  settlesAt: (period) => dueEnd(period, cadenceOfPeriod(period), configuredDueDays()),
  periodsOf: (months) => [...unique(months), ...unique(months.map((m) => `${m.slice(0, 4)}Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`)), ...unique(months.map((m) => m.slice(0, 4)))],
  evaluate(ctx, emit) {
    return { finish: () => evaluatePeriod(ctx, emit) };
  },
};
