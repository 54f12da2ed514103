/**
 * MED-48H — medical waste stored longer than 48 h (DESIGN §5), keyed by institution USCC + month: a
 * ledger row handed over more than 48 h after its day began (日期 00:00), or two consecutive distinct
 * handovers more than 48 h apart. One flag per institution and month, listing each breach.
 *
 * Join state is per institution: its handover times in the month (about one a day) and its breaches.
 */
import type { Types } from 'mongoose';
import { cstDateTime, side, usccKey, type Rule } from './rule';

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

/** Pure: consecutive distinct handovers further apart than `toleranceHours`. */
export function handoverGaps(handovers: readonly number[], toleranceHours: number): StorageBreach[] {
  const sorted = [...new Set(handovers)].sort((a, b) => a - b);
  const out: StorageBreach[] = [];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]! - sorted[i - 1]! > toleranceHours * HOUR_MS) out.push({ kind: 'HANDOVER_GAP', from: sorted[i - 1]!, to: sorted[i]! });
  }
  return out;
}

interface InstitutionState {
  name: string | null;
  handovers: Set<number>;
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
  toleranceUnit: 'h',
  defaults: { tolerance: 48, severity: 'MEDIUM' },
  scan: { kind: 'MEDICAL_HANDOVER' },
  evaluate({ period, settings, refs }, emit) {
    const institutions = new Map<string, InstitutionState>();
    return {
      visit(m) {
        const uscc = usccKey(m.from.party?.uscc);
        if (m.status === 'VOIDED' || !uscc || !m.departedAt) return;
        const state = institutions.get(uscc) ?? { name: m.from.party?.name ?? null, handovers: new Set<number>(), breaches: [], records: [] };
        institutions.set(uscc, state);
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
          const breaches = [...state.breaches, ...handoverGaps([...state.handovers], settings.tolerance)].sort((a, b) => a.from - b.from || a.to - b.to);
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
              message: `${state.name ?? uscc} ${period}: ${breaches.length} storage period(s) over ${settings.tolerance} h`,
            },
          });
        }
        institutions.clear();
      },
    };
  },
};
