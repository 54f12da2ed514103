/**
 * MED-QTY — a hospital's handover against the disposer's receipt (DESIGN §5): Σ ledger rows (重量) of a
 * 转移联单 against Σ receipt rows, keyed by manifest no. Default: more than 5 % of the ledger mass, or a
 * manifest on only one side. The model already holds both sides on one Movement per manifest.
 */
import { exceedsPct, kgText, movementSubject, pctText, quantitySide, roleGrams, usccKey, type Rule } from './rule';

export type MedQtyVerdict = { kind: 'NO_RECEIPT' | 'NO_LEDGER' } | { kind: 'GAP'; differenceGrams: number };

/** Pure: ledger total (null: no ledger row) against receipt total (null: no receipt). */
export function compareMedQty(input: { ledgerGrams: number | null; receiptGrams: number | null }, tolerancePct: number): MedQtyVerdict | null {
  if (input.ledgerGrams === null && input.receiptGrams === null) return null;
  if (input.receiptGrams === null) return { kind: 'NO_RECEIPT' };
  if (input.ledgerGrams === null) return { kind: 'NO_LEDGER' };
  if (!exceedsPct(input.receiptGrams, input.ledgerGrams, input.ledgerGrams, tolerancePct)) return null;
  return { kind: 'GAP', differenceGrams: input.receiptGrams - input.ledgerGrams };
}

export const medQty: Rule = {
  id: 'MED-QTY',
  title: 'hospital handover vs disposer receipt',
  stream: 'medical',
  subjectKind: 'MOVEMENT',
  key: 'manifest no. (转移联单号)',
  reads: ['movements', 'parties'],
  toleranceUnit: '%',
  defaults: { tolerance: 5, severity: 'HIGH' },
  scan: { kind: 'MEDICAL_HANDOVER' },
  evaluate({ period, settings, refs }, emit) {
    return {
      async visit(m) {
        if (m.status === 'VOIDED') return;
        const ledger = roleGrams(m, 'LEDGER');
        const receipt = roleGrams(m, 'RECEIPT');
        const verdict = compareMedQty({ ledgerGrams: ledger?.grams ?? null, receiptGrams: receipt?.grams ?? null }, settings.tolerance);
        if (!verdict) return;
        const uscc = usccKey(m.from.party?.uscc);
        const street = uscc ? ((await refs.partyStreets()).get(uscc) ?? null) : null;
        const difference = verdict.kind === 'GAP' ? `${kgText(verdict.differenceGrams)} (${pctText(receipt!.grams, ledger!.grams, ledger!.grams)})` : verdict.kind === 'NO_RECEIPT' ? 'handed over, never received' : 'received, never handed over in a ledger';
        await emit({
          rule: 'MED-QTY',
          severity: settings.severity,
          stream: 'medical',
          period,
          subject: movementSubject(m, `医疗废物转移联单 ${m.sourceKey}`, uscc, street),
          evidence: {
            sides: [quantitySide('medical', 'hospital ledger Σ 重量(kg)', ledger, 'kg'), quantitySide('medical', 'disposer receipt Σ 重量(kg)', receipt, 'kg')],
            difference,
            differenceGrams: verdict.kind === 'GAP' ? verdict.differenceGrams : null,
            tolerance: `${settings.tolerance} %`,
            message: `manifest ${m.sourceKey} of ${m.from.party?.name ?? uscc ?? 'unknown institution'}: ${difference}`,
          },
        });
      },
      async finish() {},
    };
  },
};
