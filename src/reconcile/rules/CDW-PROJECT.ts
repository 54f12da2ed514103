/**
 * CDW-PROJECT — a project hauling more than it was approved to remove (DESIGN §5), keyed by project code.
 * Compares Σ site-exit weight of the project's non-voided waybills (all months so far, each waybill at
 * its latest version) with the approved quantity (approvedTonnes). Flagged above 100 % of the approval
 * (exactly 100 % is inside). The flag belongs to the month the total first went over, so it keeps one key
 * as later months add trips.
 * Unknown: no approved quantity stated, or a project the registry does not list — no flag.
 * Not a finding: voided waybills; the waste-intensity guide per 10 000 m² (an indicator, not a flag).
 *
 * Join: the month's EXIT grams per project summed from the shared scan; the earlier months' from the
 * running totals the rule records per project and month (src/reconcile/projectHauls.ts): reads grow with
 * the month's projects, not with the months stored.
 */
import { JOIN_BATCH, pctText, roleGrams, side, stewardMessage, tonnesText, type ProjectRef, type Rule } from './rule';

/** Pure: hauled above `pct` % of approved (no approval stated: nothing to compare). */
export function compareCdwProject(input: { hauledGrams: number; approvedGrams: number | null }, pct: number): boolean {
  if (input.approvedGrams === null) return false;
  // hauled > approved × pct / 100, exactly
  return BigInt(input.hauledGrams) * 100n > BigInt(input.approvedGrams) * BigInt(Math.round(pct));
}

/** Pure: whether the running total crossed the approval in this period (and not before). */
export function crossedIn(input: { hauledBeforeGrams: number; hauledThroughGrams: number; approvedGrams: number | null }, pct: number): boolean {
  return compareCdwProject({ hauledGrams: input.hauledThroughGrams, approvedGrams: input.approvedGrams }, pct) && !compareCdwProject({ hauledGrams: input.hauledBeforeGrams, approvedGrams: input.approvedGrams }, pct);
}

export const cdwProject: Rule = {
  id: 'CDW-PROJECT',
  title: 'hauled total vs approved quantity',
  stream: 'construction',
  subjectKind: 'PROJECT',
  key: 'project code',
  reads: ['movements', 'projects'],
  kinds: { movements: ['CDW_WAYBILL'] },
  toleranceUnit: '%',
  defaults: { tolerance: 100, severity: 'MEDIUM' },
  scan: { kind: 'CDW_WAYBILL' },
  evaluate({ period, settings, refs }, emit) {
    // Σ EXIT weight and trips per project: this month's from the shared scan, earlier months read once
    const month = new Map<string, { grams: number; trips: number }>();
    return {
      visit(m) {
        if (m.status === 'VOIDED' || !m.from.projectCode) return;
        const entry = month.get(m.from.projectCode) ?? { grams: 0, trips: 0 };
        entry.grams += roleGrams(m, 'EXIT')?.grams ?? 0;
        entry.trips += 1;
        month.set(m.from.projectCode, entry);
      },
      async finish() {
        const projects: ReadonlyMap<string, ProjectRef> = await refs.projects();
        const sorted = [...month.keys()].sort();
        for (let i = 0; i < sorted.length; i += JOIN_BATCH) {
          const batch = sorted.slice(i, i + JOIN_BATCH);
          // earlier months' totals: the running totals the rule recorded for them (projectHauls.ts)
          const before = await refs.projectHauls.before(period, batch);
          const through = new Map<string, { grams: number; before: number; trips: number }>();
          for (const code of batch) {
            const earlier = before.get(code) ?? { grams: 0, trips: 0 };
            through.set(code, { grams: month.get(code)!.grams + earlier.grams, before: earlier.grams, trips: month.get(code)!.trips + earlier.trips });
          }
          for (const code of batch) {
            const project = projects.get(code);
            const hauled = through.get(code);
            if (!project || !hauled) continue;
            if (!crossedIn({ hauledBeforeGrams: hauled.before, hauledThroughGrams: hauled.grams, approvedGrams: project.approvedGrams }, settings.tolerance)) continue;
            const approved = project.approvedGrams!;
            const difference = `${tonnesText(hauled.grams - approved)} over (${pctText(hauled.grams, approved, approved)})`;
            await emit({
              rule: 'CDW-PROJECT',
              severity: settings.severity,
              stream: 'construction',
              period,
              subject: { kind: 'PROJECT', key: code, label: code, partyUscc: project.builderUscc, street: project.street },
              evidence: {
                sides: [
                  side({ source: 'construction', label: `Σ waybill exit weight through ${period} (${hauled.trips} trips)`, value: tonnesText(hauled.grams).replace(' t', ''), unit: 't', grams: hauled.grams, records: [] }),
                  side({ source: 'construction', label: 'project approved quantity (approvedTonnes)', value: project.approvedText ?? tonnesText(approved).replace(' t', ''), unit: 't', grams: approved, records: project.sources }),
                ],
                difference,
                differenceGrams: hauled.grams - approved,
                tolerance: `${settings.tolerance} %`,
                message: stewardMessage(
                  `工程项目 ${code} 累计运出 ${tonnesText(hauled.grams)}，超过核准处置量 ${tonnesText(approved)}`,
                  `project ${code} hauled ${tonnesText(hauled.grams)}, more than the ${tonnesText(approved)} approved for removal`,
                ),
              },
            });
          }
        }
        await refs.projectHauls.record(period, month);
      },
    };
  },
};
