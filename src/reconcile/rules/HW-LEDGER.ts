/**
 * HW-LEDGER — a generator's monthly HW ledger against its own manifests (DESIGN §5): the ledger's
 * 委托转移量 (wtzyl, SHIPPED) against Σ 移出量 (ycl) of its non-voided manifests with that code shipped
 * in the month, keyed by USCC + month + code (`<USCC>/<code>`). Default: more than 5 % of the manifests'
 * total, or one side missing.
 *
 * Join state: the manifest side is summed while the shared manifest scan passes (one entry per generator
 * and code, not per manifest); the ledger side is then streamed and compared.
 */
import type { Types } from 'mongoose';
import { exceedsPct, pctText, side, tonnesText, usccKey, type Rule } from './rule';

export type HwLedgerVerdict = { kind: 'NO_LEDGER' | 'NO_MANIFESTS' } | { kind: 'GAP'; differenceGrams: number };

/** Pure: ledger SHIPPED (null: no ledger row) against Σ manifests (null: no manifest). */
export function compareHwLedger(input: { ledgerGrams: number | null; manifestGrams: number | null }, tolerancePct: number): HwLedgerVerdict | null {
  const ledger = input.ledgerGrams;
  const manifests = input.manifestGrams;
  if (ledger === null && !manifests) return null;
  if (ledger === null) return { kind: 'NO_LEDGER' };
  if (manifests === null) return ledger > 0 ? { kind: 'NO_MANIFESTS' } : null;
  if (!exceedsPct(ledger, manifests, manifests, tolerancePct)) return null;
  return { kind: 'GAP', differenceGrams: ledger - manifests };
}

interface Side {
  grams: bigint;
  records: Types.ObjectId[];
  count: number;
  name: string | null;
}

export function hwCodeKey(code: string | null | undefined): string {
  return (code ?? '').replace(/\s+/g, '');
}

export const hwLedger: Rule = {
  id: 'HW-LEDGER',
  title: 'generator ledger vs its manifests',
  stream: 'industrial',
  subjectKind: 'PARTY',
  key: 'USCC + month + code',
  reads: ['movements', 'periodreports', 'parties'],
  toleranceUnit: '%',
  defaults: { tolerance: 5, severity: 'MEDIUM' },
  scan: { kind: 'HW_MANIFEST' },
  evaluate({ period, settings, refs }, emit) {
    const manifests = new Map<string, Side>();
    const ledgers = new Map<string, Side>();
    const add = (map: Map<string, Side>, key: string, grams: number, records: readonly Types.ObjectId[], name: string | null) => {
      const entry = map.get(key) ?? { grams: 0n, records: [], count: 0, name };
      entry.grams += BigInt(grams);
      entry.records.push(...records);
      entry.count += 1;
      map.set(key, entry);
    };
    return {
      visit(m) {
        if (m.status === 'VOIDED') return;
        const uscc = usccKey(m.from.party?.uscc);
        if (!uscc) return;
        const declared = m.quantities.filter((q) => q.role === 'DECLARED');
        const grams = declared.reduce((s, q) => s + q.grams, 0);
        add(manifests, `${uscc}/${hwCodeKey(m.wasteCode)}`, grams, declared.length ? declared.map((q) => q.sourceRecordId) : m.sources, m.from.party?.name ?? null);
      },
      async finish() {
        for (const row of await refs.reports('HW_LEDGER', period)) {
          const uscc = usccKey(row.party?.uscc);
          if (!uscc || row.period !== period) continue;
          const shipped = row.lines.filter((l) => l.measure === 'SHIPPED').reduce((s, l) => s + l.grams, 0);
          add(ledgers, `${uscc}/${hwCodeKey(row.category)}`, shipped, row.sources, row.party?.name ?? null);
        }
        const streets = await refs.partyStreets();
        const keys = [...new Set([...ledgers.keys(), ...manifests.keys()])].sort();
        for (const key of keys) {
          const ledger = ledgers.get(key) ?? null;
          const manifest = manifests.get(key) ?? null;
          const ledgerGrams = ledger ? Number(ledger.grams) : null;
          const manifestGrams = manifest ? Number(manifest.grams) : null;
          const verdict = compareHwLedger({ ledgerGrams, manifestGrams }, settings.tolerance);
          if (!verdict) continue;
          const [uscc, code] = key.split('/') as [string, string];
          const difference = verdict.kind === 'GAP' ? `${tonnesText(verdict.differenceGrams)} (${pctText(ledgerGrams!, manifestGrams!, manifestGrams!)})` : verdict.kind === 'NO_LEDGER' ? 'manifests without a ledger row' : 'ledger shipped without manifests';
          await emit({
            rule: 'HW-LEDGER',
            severity: settings.severity,
            stream: 'industrial',
            period,
            subject: { kind: 'PARTY', key, label: `${ledger?.name ?? manifest?.name ?? uscc} ${code} ${period}`, partyUscc: uscc, street: streets.get(uscc) ?? null },
            evidence: {
              sides: [
                side({ source: 'industrial', label: 'HW ledger 委托转移量 (wtzyl)', value: ledgerGrams === null ? 'missing' : tonnesText(ledgerGrams).replace(' t', ''), unit: 't', grams: ledgerGrams, records: ledger?.records ?? [] }),
                side({ source: 'industrial', label: `Σ manifest 移出量 (ycl), ${manifest?.count ?? 0} manifests`, value: manifestGrams === null ? 'missing' : tonnesText(manifestGrams).replace(' t', ''), unit: 't', grams: manifestGrams, records: manifest?.records ?? [] }),
              ],
              difference,
              differenceGrams: verdict.kind === 'GAP' ? verdict.differenceGrams : null,
              tolerance: `${settings.tolerance} %`,
              message: `${uscc} ${code} ${period}: ${difference}`,
            },
          });
        }
      },
    };
  },
};
