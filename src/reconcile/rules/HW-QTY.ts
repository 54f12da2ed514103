/**
 * HW-QTY — was a hazardous-waste manifest received short or over? (转移联单 移出量 vs 接收量, DESIGN §5)
 *
 * Compares the generator's 移出量 (ycl) with the receiver's 接收量 (jsl) on every manifest whose receiver
 * has stated a quantity, whatever its status code says (a receiver's weight is the evidence of receipt).
 * A gap of more than 5 % of the shipped mass is a finding, keyed by manifest number.
 *
 * Unknown, so no finding: jsl null (not yet received — HW-LATE's concern if it lasts); a quantity stated
 * implausibly (negative, or beyond one shipment: DATA-QUALITY's finding).
 * Not a finding: a voided manifest (zt 90).
 */
import { exceedsPct, pctText, quantitySide, roleGrams, tonnesText, movementSubject, usccKey, type MovementRecord, type Rule } from './rule';

export interface HwQtyInput {
  /** zt 90: a voided manifest moved nothing */
  voided: boolean;
  shippedGrams: number | null;
  receivedGrams: number | null;
}

export type HwQtyVerdict = { kind: 'MISSING_SHIPPED' } | { kind: 'GAP'; differenceGrams: number };

/** Pure: the discrepancy, or null when nothing is received yet, the manifest is voided, or within tolerance. */
export function compareHwQty(input: HwQtyInput, tolerancePct: number): HwQtyVerdict | null {
  if (input.voided || input.receivedGrams === null) return null;
  if (input.shippedGrams === null) return { kind: 'MISSING_SHIPPED' };
  if (!exceedsPct(input.receivedGrams, input.shippedGrams, input.shippedGrams, tolerancePct)) return null;
  return { kind: 'GAP', differenceGrams: input.receivedGrams - input.shippedGrams };
}

/** The manifest's quantities a DATA-QUALITY finding covers (ycl, jsl) are not compared. */
export function implausibleQuantity(m: Pick<MovementRecord, 'qualityFindings'>): boolean {
  return (m.qualityFindings ?? []).some((f) => f.field === 'ycl' || f.field === 'jsl');
}

export const hwQty: Rule = {
  id: 'HW-QTY',
  title: 'manifest shipped vs received',
  stream: 'industrial',
  subjectKind: 'MOVEMENT',
  key: 'manifest no. (ldbh)',
  reads: ['movements', 'parties'],
  kinds: { movements: ['HW_MANIFEST'] },
  toleranceUnit: '%',
  defaults: { tolerance: 5, severity: 'HIGH' },
  scan: { kind: 'HW_MANIFEST' },
  evaluate({ period, settings, refs }, emit) {
    return {
      async visit(m) {
        const shipped = roleGrams(m, 'DECLARED');
        const received = roleGrams(m, 'RECEIVED');
        if (implausibleQuantity(m)) return;
        const verdict = compareHwQty({ voided: m.status === 'VOIDED', shippedGrams: shipped?.grams ?? null, receivedGrams: received?.grams ?? null }, settings.tolerance);
        if (!verdict) return;
        const uscc = usccKey(m.from.party?.uscc);
        const street = uscc ? ((await refs.partyStreets()).get(uscc) ?? null) : null;
        const difference = verdict.kind === 'GAP' ? `${tonnesText(verdict.differenceGrams)} (${pctText(received!.grams, shipped!.grams, shipped!.grams)})` : 'received without 移出量';
        const why = verdict.kind === 'GAP' ? (verdict.differenceGrams < 0 ? '接收量少于移出量 / received less than shipped' : '接收量多于移出量 / received more than shipped') : '联单无移出量 / the manifest states no shipped quantity';
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
            message: `转移联单 manifest ${m.sourceKey}: ${why}, ${difference}; shipped by ${m.from.party?.name ?? uscc ?? 'unknown'} to ${m.to.party?.name ?? m.to.party?.uscc ?? 'unknown'}`,
          },
        });
      },
      async finish() {},
    };
  },
};
