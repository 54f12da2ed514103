/**
 * MED-48H — medical waste kept longer than 48 h (暂时贮存不得超过2天; DESIGN §5), keyed by institution
 * USCC + month (the month of the handover). Compares, from the institution's ledger: each row's day
 * (日期, from 00:00) with the handover time (交接时间) of its 转移联单; and consecutive distinct handovers.
 * Flagged: a row handed over more than 48 h after its day began, or two handovers more than 48 h apart.
 * Exactly 48 h is inside. One flag per institution and month, listing each breach.
 * Unknown: a manifest whose handover time is missing (no 交接时间 on any row) — its rows are not
 * measured, and a gap between handovers that it may have filled (between its latest row day and its
 * receipt, if any) is not a finding either. Institutions without a USCC cannot be keyed: skipped.
 * Not a finding: cancelled data (voided); a late receipt (the disposer's side is MED-QTY's).
 *
 * Join state is per institution: its handover times in the month (about one a day) and its breaches.
 */
import type { Types } from 'mongoose';
import { cstDateTime, side, stewardMessage, usccKey, type Rule } from './rule';

const HOUR_MS = 3_600_000;

export interface StorageBreach {
  kind: 'ROW_STORED' | 'HANDOVER_GAP';
  from: number;
  to: number;
}

/** Pure: a ledger row's day start and its handover, beyond `toleranceHours`? */
export function rowBreach(input: { rowDayStart: Date; handoverAt: Date }, toleranceHours: number): StorageBreach | null {
  const gap = input.handoverAt.getTime() - input.rowDayStart.getTime();
  return gap > toleranceHours * HOUR_MS ? { kind: 'ROW_STORED', from: input.rowDayStart.getTime(), to: input.handoverAt.getTime() } : null;
}

/** When a handover of unknown time may have happened: from its latest row's day to its receipt. */
export interface UncertainHandover {
  from: number;
  to: number;
}

/**
 * Pure: consecutive distinct handovers further apart than `toleranceHours`, unless a handover of unknown
 * time may lie between them.
 */
export function handoverGaps(handovers: readonly number[], toleranceHours: number, uncertain: readonly UncertainHandover[] = []): StorageBreach[] {
  const sorted = [...new Set(handovers)].sort((a, b) => a - b);
  const out: StorageBreach[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const from = sorted[i - 1]!;
    const to = sorted[i]!;
    if (to - from <= toleranceHours * HOUR_MS) continue;
    if (uncertain.some((u) => u.from < to && u.to > from)) continue;
    out.push({ kind: 'HANDOVER_GAP', from, to });
  }
  return out;
}

/** Pure: the window of a manifest with no handover time; null when nothing dates it. */
export function uncertainHandover(input: { rowDays: readonly Date[]; receivedAt: Date | null }, toleranceHours: number): UncertainHandover | null {
  const latestRow = input.rowDays.length ? Math.max(...input.rowDays.map((d) => d.getTime())) : null;
  const to = input.receivedAt ? input.receivedAt.getTime() : Infinity;
  const from = latestRow ?? (input.receivedAt ? input.receivedAt.getTime() - toleranceHours * HOUR_MS : null);
  return from === null ? null : { from, to };
}

interface InstitutionState {
  name: string | null;
  handovers: Set<number>;
  uncertain: UncertainHandover[];
  breaches: StorageBreach[];
  records: Types.ObjectId[];
}

export const med48h: Rule = {
  id: 'MED-48H',
  title: 'storage longer than 48 h',
  stream: 'medical',
  subjectKind: 'INSTITUTION',
  key: 'institution USCC + month',
  reads: ['movements', 'parties'],
  kinds: { movements: ['MEDICAL_HANDOVER'] },
  toleranceUnit: 'h',
  defaults: { tolerance: 48, severity: 'MEDIUM' },
  scan: { kind: 'MEDICAL_HANDOVER' },
  evaluate({ period, settings, refs }, emit) {
    const institutions = new Map<string, InstitutionState>();
    return {
      visit(m) {
        const uscc = usccKey(m.from.party?.uscc);
        if (m.status === 'VOIDED' || !uscc) return;
        const state = institutions.get(uscc) ?? { name: m.from.party?.name ?? null, handovers: new Set<number>(), uncertain: [], breaches: [], records: [] };
        institutions.set(uscc, state);
        if (!m.departedAt) {
          const rowDays = m.quantities.filter((q) => q.role === 'LEDGER' && q.at).map((q) => q.at!);
          const window = uncertainHandover({ rowDays, receivedAt: m.arrivedAt }, settings.tolerance);
          if (window) state.uncertain.push(window);
          return;
        }
        state.handovers.add(m.departedAt.getTime());
        for (const q of m.quantities) {
          if (q.role !== 'LEDGER' || !q.at) continue;
          const breach = rowBreach({ rowDayStart: q.at, handoverAt: m.departedAt }, settings.tolerance);
          if (breach && !state.breaches.some((b) => b.from === breach.from && b.to === breach.to)) {
            state.breaches.push(breach);
            state.records.push(q.sourceRecordId);
          }
        }
      },
      async finish() {
        const streets = await refs.partyStreets();
        for (const uscc of [...institutions.keys()].sort()) {
          const state = institutions.get(uscc)!;
          const breaches = [...state.breaches, ...handoverGaps([...state.handovers], settings.tolerance, state.uncertain)].sort((a, b) => a.from - b.from || a.to - b.to);
          if (breaches.length === 0) continue;
          const listed = breaches.map((b) => `${b.kind === 'ROW_STORED' ? 'row of' : 'no handover between'} ${cstDateTime(new Date(b.from))} → ${cstDateTime(new Date(b.to))} (${Math.floor((b.to - b.from) / HOUR_MS)} h)`);
          const longest = Math.max(...breaches.map((b) => b.to - b.from));
          await emit({
            rule: 'MED-48H',
            severity: settings.severity,
            stream: 'medical',
            period,
            subject: { kind: 'INSTITUTION', key: uscc, label: `${state.name ?? uscc} ${period}`, partyUscc: uscc, street: streets.get(uscc) ?? null },
            evidence: {
              sides: [side({ source: 'medical', label: 'ledger 日期 / 交接时间', value: listed.join('; '), unit: 'datetime', records: state.records })],
              difference: `stored up to ${Math.floor(longest / HOUR_MS)} h`,
              tolerance: `${settings.tolerance} h`,
              message: stewardMessage(
                `${state.name ?? uscc} ${period}：${breaches.length} 次医疗废物暂存超过 ${settings.tolerance} 小时（最长 ${Math.floor(longest / HOUR_MS)} 小时）`,
                `${state.name ?? uscc} ${period}: ${breaches.length} storage period(s) over ${settings.tolerance} h (longest ${Math.floor(longest / HOUR_MS)} h)`,
              ),
            },
          });
        }
        institutions.clear();
      },
    };
  },
};
