/**
 * MED-QTY — a hospital's handover against the disposer's receipt (DESIGN §5), keyed by manifest no.
 * (转移联单号). Compares Σ ledger rows (重量(kg)) of the manifest with Σ receipt rows, in exact grams.
 * Flagged: a manifest on one side only (handed over, never received; or received, never in a ledger);
 * totals differing by more than 5 % of the ledger total (exactly 5 % is inside); or the categories
 * disagreeing (医疗废物分类) — a category's mass on the two sides differing by more than 5 % of the ledger
 * total, so that equal totals cannot hide an infectious load received as another category.
 * Unknown: rows without a category are left out of the category comparison.
 * Not a finding: voided data; a receipt or ledger that arrives in a later month (both sides join on the
 * manifest no. whenever they come); a corrected re-upload (its rows replace the file's earlier rows).
 * The model already holds both sides on one Movement per manifest.
 */
import { exceedsPct, kgText, movementSubject, pctText, quantitySide, roleGrams, stewardMessage, usccKey, type Rule } from './rule';

export type MedQtyVerdict = { kind: 'NO_RECEIPT' | 'NO_LEDGER' } | { kind: 'GAP'; differenceGrams: number } | { kind: 'CATEGORY'; categories: string[] };

/** grams per category, as one side states them */
export type CategoryGrams = ReadonlyMap<string, number>;

/**
 * Pure: ledger total (null: no ledger row) against receipt total (null: no receipt); then, when the totals
 * agree, each category's grams on both sides (given per side, when every row states its category).
 */
export function compareMedQty(input: { ledgerGrams: number | null; receiptGrams: number | null; ledgerByCategory?: CategoryGrams | null; receiptByCategory?: CategoryGrams | null }, tolerancePct: number): MedQtyVerdict | null {
  if (input.ledgerGrams === null && input.receiptGrams === null) return null;
  if (input.receiptGrams === null) return { kind: 'NO_RECEIPT' };
  if (input.ledgerGrams === null) return { kind: 'NO_LEDGER' };
  if (exceedsPct(input.receiptGrams, input.ledgerGrams, input.ledgerGrams, tolerancePct)) return { kind: 'GAP', differenceGrams: input.receiptGrams - input.ledgerGrams };
  const ledger = input.ledgerByCategory;
  const receipt = input.receiptByCategory;
  if (!ledger || !receipt) return null;
  const categories = [...new Set([...ledger.keys(), ...receipt.keys()])].sort();
  const off = categories.filter((c) => exceedsPct(receipt.get(c) ?? 0, ledger.get(c) ?? 0, input.ledgerGrams!, tolerancePct));
  return off.length ? { kind: 'CATEGORY', categories: off } : null;
}

/** grams per category of one role's rows; null when a row states no category (nothing to compare). */
export function gramsByCategory(quantities: readonly { role: string; grams: number; category: string | null }[], role: string): Map<string, number> | null {
  const out = new Map<string, number>();
  for (const q of quantities) {
    if (q.role !== role) continue;
    if (!q.category) return null;
    out.set(q.category, (out.get(q.category) ?? 0) + q.grams);
  }
  return out;
}

export const medQty: Rule = {
  id: 'MED-QTY',
  title: 'hospital handover vs disposer receipt',
  stream: 'medical',
  subjectKind: 'MOVEMENT',
  key: 'manifest no. (转移联单号)',
  reads: ['movements', 'parties'],
  kinds: { movements: ['MEDICAL_HANDOVER'] },
  toleranceUnit: '%',
  defaults: { tolerance: 5, severity: 'HIGH' },
  scan: { kind: 'MEDICAL_HANDOVER' },
  evaluate({ period, settings, refs }, emit) {
    return {
      async visit(m) {
        if (m.status === 'VOIDED') return;
        const ledger = roleGrams(m, 'LEDGER');
        const receipt = roleGrams(m, 'RECEIPT');
        const ledgerByCategory = gramsByCategory(m.quantities, 'LEDGER');
        const receiptByCategory = gramsByCategory(m.quantities, 'RECEIPT');
        const verdict = compareMedQty({ ledgerGrams: ledger?.grams ?? null, receiptGrams: receipt?.grams ?? null, ledgerByCategory, receiptByCategory }, settings.tolerance);
        if (!verdict) return;
        const uscc = usccKey(m.from.party?.uscc);
        const street = uscc ? ((await refs.partyStreets()).get(uscc) ?? null) : null;
        const byCategory = (grams: ReadonlyMap<string, number> | null) => verdict.kind === 'CATEGORY' ? verdict.categories.map((c) => `${c} ${kgText(grams?.get(c) ?? 0)}`).join(', ') : '';
        const difference =
          verdict.kind === 'GAP' ? `${kgText(verdict.differenceGrams)} (${pctText(receipt!.grams, ledger!.grams, ledger!.grams)})`
            : verdict.kind === 'NO_RECEIPT' ? 'handed over, never received'
              : verdict.kind === 'NO_LEDGER' ? 'received, never handed over in a ledger'
                : `categories disagree: ledger ${byCategory(ledgerByCategory)}; receipt ${byCategory(receiptByCategory)}`;
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
            message: stewardMessage(
              `${m.from.party?.name ?? uscc ?? '未知机构'} 转移联单 ${m.sourceKey}：${verdict.kind === 'NO_RECEIPT' ? '医疗机构已交接，处置单位无接收记录' : verdict.kind === 'NO_LEDGER' ? '处置单位有接收记录，医疗机构台账无此联单' : verdict.kind === 'GAP' ? `台账与接收重量相差 ${difference.replace(' (', '（').replace(')', '）')}，超过 ${settings.tolerance}%` : `废物类别不一致：${difference.replace('categories disagree: ', '')}`}`,
              `manifest ${m.sourceKey} of ${m.from.party?.name ?? uscc ?? 'unknown institution'}: ${difference}${verdict.kind === 'GAP' ? `, more than ${settings.tolerance} %` : ''}`,
            ),
          },
        });
      },
      async finish() {},
    };
  },
};
