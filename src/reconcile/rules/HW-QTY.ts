/**
 * HW-QTY — a hazardous-waste manifest received short or over (DESIGN §5): the generator's 移出量 (ycl,
 * DECLARED) against the receiver's 接收量 (jsl, RECEIVED) on received manifests (zt 30/40), keyed by
 * manifest number. Default: more than 5 % of the shipped mass.
 */
import { exceedsPct, pctText, quantitySide, roleGrams, tonnesText, movementSubject, usccKey, type Rule } from './rule';

export interface HwQtyInput {
  /** zt 30/40: only a received manifest has a receiver's statement to compare */
  received: boolean;
  shippedGrams: number | null;
  receivedGrams: number | null;
}

export type HwQtyVerdict = { kind: 'MISSING_RECEIVED' | 'MISSING_SHIPPED' } | { kind: 'GAP'; differenceGrams: number };

/** Pure: the discrepancy, or null when the manifest is in transit or within tolerance. */
export function compareHwQty(input: HwQtyInput, tolerancePct: number): HwQtyVerdict | null {
  if (!input.received) return null;
  if (input.receivedGrams === null && input.shippedGrams === null) return null;
  if (input.receivedGrams === null) return { kind: 'MISSING_RECEIVED' };
  if (input.shippedGrams === null) return { kind: 'MISSING_SHIPPED' };
  if (!exceedsPct(input.receivedGrams, input.shippedGrams, input.shippedGrams, tolerancePct)) return null;
  return { kind: 'GAP', differenceGrams: input.receivedGrams - input.shippedGrams };
}

export const hwQty: Rule = {
  id: 'HW-QTY',
  title: 'manifest shipped vs received',
  stream: 'industrial',
  subjectKind: 'MOVEMENT',
  key: 'manifest no. (ldbh)',
  reads: ['movements', 'parties'],
  toleranceUnit: '%',
  defaults: { tolerance: 5, severity: 'HIGH' },
  scan: { kind: 'HW_MANIFEST' },
  evaluate({ period, settings, refs }, emit) {
    return {
      async visit(m) {
        const shipped = roleGrams(m, 'DECLARED');
        const received = roleGrams(m, 'RECEIVED');
        const verdict = compareHwQty(
          { received: m.status === 'RECEIVED' || m.status === 'CLOSED', shippedGrams: shipped?.grams ?? null, receivedGrams: received?.grams ?? null },
          settings.tolerance,
        );
        if (!verdict) return;
        const uscc = usccKey(m.from.party?.uscc);
        const street = uscc ? ((await refs.partyStreets()).get(uscc) ?? null) : null;
        const difference = verdict.kind === 'GAP' ? `${tonnesText(verdict.differenceGrams)} (${pctText(received!.grams, shipped!.grams, shipped!.grams)})` : verdict.kind === 'MISSING_RECEIVED' ? 'received without 接收量' : 'received without 移出量';
        await emit({
          rule: 'HW-QTY',
          severity: settings.severity,
          stream: 'industrial',
          period,
          subject: movementSubject(m, `转移联单 ${m.sourceKey}`, uscc, street),
          evidence: {
            sides: [quantitySide('industrial', 'manifest 移出量 (ycl)', shipped, 't'), quantitySide('industrial', 'manifest 接收量 (jsl)', received, 't')],
            difference,
            differenceGrams: verdict.kind === 'GAP' ? verdict.differenceGrams : null,
            tolerance: `${settings.tolerance} %`,
            message: `manifest ${m.sourceKey}: ${difference}; shipped by ${m.from.party?.name ?? uscc ?? 'unknown'} to ${m.to.party?.name ?? m.to.party?.uscc ?? 'unknown'}`,
          },
        });
      },
      async finish() {},
    };
  },
};
