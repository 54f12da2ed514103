/**
 * HH-NET — a weigh ticket whose net is not gross − tare (DESIGN §5), keyed by ticket no. The model keeps
 * the three weights exactly as stated in integer kg (never recomputed), so the comparison is exact in
 * grams at the source's precision. Any difference is flagged.
 * Unknown: a ticket missing any of the three weights — no flag.
 * Not a finding: cancelled tickets; a tare that drifts between tickets of one plate (not compared).
 */
import { kgText, movementSubject, quantitySide, roleGrams, stewardMessage, type FacilityRef, type Rule } from './rule';

/** Pure: stated net − (gross − tare), or null when they agree or a weight is missing. */
export function compareHhNet(input: { grossGrams: number | null; tareGrams: number | null; netGrams: number | null }): { differenceGrams: number } | null {
  if (input.grossGrams === null || input.tareGrams === null || input.netGrams === null) return null;
  const differenceGrams = input.netGrams - (input.grossGrams - input.tareGrams);
  return differenceGrams === 0 ? null : { differenceGrams };
}

export const hhNet: Rule = {
  id: 'HH-NET',
  title: 'net ≠ gross − tare',
  stream: 'household',
  subjectKind: 'MOVEMENT',
  key: 'ticket no.',
  reads: ['movements', 'facilities'],
  kinds: { movements: ['WEIGH_TICKET'] },
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'LOW' },
  scan: { kind: 'WEIGH_TICKET' },
  evaluate({ period, settings, refs }, emit) {
    let facilities: ReadonlyMap<string, FacilityRef> | null = null;
    return {
      async visit(m) {
        if (m.status === 'VOIDED') return;
        const gross = roleGrams(m, 'GROSS');
        const tare = roleGrams(m, 'TARE');
        const net = roleGrams(m, 'NET');
        const verdict = compareHhNet({ grossGrams: gross?.grams ?? null, tareGrams: tare?.grams ?? null, netGrams: net?.grams ?? null });
        if (!verdict) return;
        facilities ??= await refs.facilities();
        const facilityCode = m.direction === 'OUT' ? m.from.facilityCode : m.to.facilityCode;
        const street = m.from.street ?? (facilityCode ? (facilities.get(`household:${facilityCode}`)?.street ?? null) : null);
        await emit({
          rule: 'HH-NET',
          severity: settings.severity,
          stream: 'household',
          period,
          subject: movementSubject(m, `称重单 ${m.sourceKey}`, null, street),
          evidence: {
            sides: [quantitySide('household', 'netKg', net, 'kg'), quantitySide('household', 'grossKg', gross, 'kg'), quantitySide('household', 'tareKg', tare, 'kg')],
            difference: `net − (gross − tare) = ${kgText(verdict.differenceGrams)}`,
            differenceGrams: verdict.differenceGrams,
            tolerance: 'any',
            message: stewardMessage(
              `称重单 ${m.sourceKey}（${facilityCode ?? '?'}）：净重 ${kgText(net!.grams)} ≠ 毛重 ${kgText(gross!.grams)} − 皮重 ${kgText(tare!.grams)}`,
              `ticket ${m.sourceKey} at ${facilityCode ?? '?'}: net ${kgText(net!.grams)} ≠ gross ${kgText(gross!.grams)} − tare ${kgText(tare!.grams)}`,
            ),
          },
        });
      },
      async finish() {},
    };
  },
};
