/**
 * CDW-WEIGHT — a load that changed on the road (DESIGN §5): the facility entry weight (entryWeightT)
 * against the site exit weight (exitWeightT) of one e-waybill, keyed by waybill no. Flagged when they
 * differ by more than 5 % of the exit weight (either way); exactly 5 % is inside.
 * Unknown: either weight missing (a trip still on the road, a weighbridge that stated nothing) — nothing
 * to compare, no flag. A trip that never arrived is CDW-OPEN's finding alone.
 * Not a finding: a voided waybill; a gap of up to 5 % (spill and moisture).
 */
import { exceedsPct, movementSubject, stewardMessage, pctText, quantitySide, roleGrams, tonnesText, type ProjectRef, type Rule } from './rule';

/** Pure: entry against exit; null when there is no entry weighing or the gap is inside tolerance. */
export function compareCdwWeight(input: { exitGrams: number | null; entryGrams: number | null }, tolerancePct: number): { kind: 'GAP'; differenceGrams: number } | null {
  // an unknown weight is not a mismatch
  if (input.entryGrams === null || input.exitGrams === null) return null;
  if (!exceedsPct(input.entryGrams, input.exitGrams, input.exitGrams, tolerancePct)) return null;
  return { kind: 'GAP', differenceGrams: input.entryGrams - input.exitGrams };
}

export const cdwWeight: Rule = {
  id: 'CDW-WEIGHT',
  title: 'waybill exit vs entry weight',
  stream: 'construction',
  subjectKind: 'MOVEMENT',
  key: 'waybill no.',
  reads: ['movements', 'projects'],
  kinds: { movements: ['CDW_WAYBILL'] },
  toleranceUnit: '%',
  defaults: { tolerance: 5, severity: 'MEDIUM' },
  scan: { kind: 'CDW_WAYBILL' },
  evaluate({ period, settings, refs }, emit) {
    let projects: ReadonlyMap<string, ProjectRef> | null = null;
    return {
      async visit(m) {
        if (m.status === 'VOIDED') return;
        const exit = roleGrams(m, 'EXIT');
        const entry = roleGrams(m, 'ENTRY');
        const verdict = compareCdwWeight({ exitGrams: exit?.grams ?? null, entryGrams: entry?.grams ?? null }, settings.tolerance);
        if (!verdict) return;
        projects ??= await refs.projects();
        const project = m.from.projectCode ? projects.get(m.from.projectCode) : undefined;
        const difference = `${tonnesText(verdict.differenceGrams)} (${pctText(entry!.grams, exit!.grams, exit!.grams)})`;
        await emit({
          rule: 'CDW-WEIGHT',
          severity: settings.severity,
          stream: 'construction',
          period,
          subject: movementSubject(m, `电子联单 ${m.sourceKey}`, m.carrier?.uscc ?? null, project?.street ?? null),
          evidence: {
            sides: [quantitySide('construction', 'site exit weight (exitWeightT)', exit, 't'), quantitySide('construction', 'facility entry weight (entryWeightT)', entry, 't')],
            difference,
            differenceGrams: verdict.differenceGrams,
            tolerance: `${settings.tolerance} %`,
            message: stewardMessage(
              `电子运单 ${m.sourceKey}（${m.vehicle?.plate ?? '无车牌'}）${m.from.projectCode ?? '?'} → ${m.to.facilityCode ?? '?'}：入场重量与出场重量相差 ${difference}，超过 ${settings.tolerance}%`,
              `waybill ${m.sourceKey} (${m.vehicle?.plate ?? 'no plate'}) ${m.from.projectCode ?? '?'} → ${m.to.facilityCode ?? '?'}: entry weight differs from exit weight by ${difference}, more than ${settings.tolerance} %`,
            ),
          },
        });
      },
      async finish() {},
    };
  },
};
