/**
 * HW-LEDGER — does a generator's monthly HW ledger agree with its own manifests? (危险废物台账 委托转移量
 * vs 转移联单, DESIGN §5)
 *
 * Compares the ledger's 委托转移量 (wtzyl) with Σ 移出量 (ycl) of the generator's manifests with that code
 * shipped (ycsj) in the month, keyed by USCC + month + code (`<USCC>/<code>`). A gap of more than 5 % of
 * the manifests' total is a finding, as is a ledger that states shipments without any manifest, or
 * manifests of a code the month's ledger (filed for other codes) does not list.
 *
 * Unknown, so no finding: a month the generator filed no HW ledger at all (a completeness matter); an
 * empty wtzyl; a quantity stated implausibly on either side (DATA-QUALITY's finding).
 * Not a finding: voided manifests (zt 90) and manifests opened but not yet shipped (no ycsj) do not
 * count; code spellings that differ only in hyphens or spaces (`90004149`, `900 041 49`) are one code.
 *
 * Join state: the manifest side is summed while the shared manifest scan passes (one entry per generator
 * and code, not per manifest); the ledger side is then read and compared.
 */
import type { Types } from 'mongoose';
import { implausibleQuantity } from './HW-QTY';
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
  /** a side some of whose quantities are unknown (empty or implausible): not compared */
  unknown: boolean;
}

/** The code as a join key: eight digits in any spelling read NNN-NNN-NN; anything else is kept compacted. */
export function hwCodeKey(code: string | null | undefined): string {
  const compact = (code ?? '').normalize('NFKC').replace(/\s+/g, '');
  const digits = compact.replace(/[-‐－—]/g, '');
  return /^\d{8}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}` : compact;
}

export const hwLedger: Rule = {
  id: 'HW-LEDGER',
  title: 'generator ledger vs its manifests',
  stream: 'industrial',
  subjectKind: 'PARTY',
  key: 'USCC + month + code',
  reads: ['movements', 'periodreports', 'parties'],
  kinds: { movements: ['HW_MANIFEST'], reports: ['HW_LEDGER'] },
  toleranceUnit: '%',
  defaults: { tolerance: 5, severity: 'MEDIUM' },
  scan: { kind: 'HW_MANIFEST' },
  evaluate({ period, settings, refs }, emit) {
    const manifests = new Map<string, Side>();
    const ledgers = new Map<string, Side>();
    const add = (map: Map<string, Side>, key: string, grams: number | null, records: readonly Types.ObjectId[], name: string | null) => {
      const entry = map.get(key) ?? { grams: 0n, records: [], count: 0, name, unknown: false };
      if (grams === null) entry.unknown = true;
      else entry.grams += BigInt(grams);
      entry.records.push(...records);
      entry.count += 1;
      map.set(key, entry);
    };
    return {
      visit(m) {
        if (m.status === 'VOIDED' || !m.departedAt) return;
        const uscc = usccKey(m.from.party?.uscc);
        if (!uscc) return;
        const declared = m.quantities.filter((q) => q.role === 'DECLARED');
        const grams = implausibleQuantity(m) || declared.length === 0 ? null : declared.reduce((s, q) => s + q.grams, 0);
        add(manifests, `${uscc}/${hwCodeKey(m.wasteCode)}`, grams, declared.length ? declared.map((q) => q.sourceRecordId) : m.sources, m.from.party?.name ?? null);
      },
      async finish() {
        const filed = new Set<string>();
        for (const row of await refs.reports('HW_LEDGER', period)) {
          const uscc = usccKey(row.party?.uscc);
          if (!uscc || row.period !== period) continue;
          filed.add(uscc);
          const lines = row.lines.filter((l) => l.measure === 'SHIPPED');
          const implausible = (row.qualityFindings ?? []).some((f) => f.measure === 'SHIPPED');
          const shipped = lines.length === 0 || implausible ? null : lines.reduce((s, l) => s + l.grams, 0);
          add(ledgers, `${uscc}/${hwCodeKey(row.category)}`, shipped, row.sources, row.party?.name ?? null);
        }
        const streets = await refs.partyStreets();
        const keys = [...new Set([...ledgers.keys(), ...manifests.keys()])].sort();
        for (const key of keys) {
          const ledger = ledgers.get(key) ?? null;
          const manifest = manifests.get(key) ?? null;
          if (ledger?.unknown || manifest?.unknown) continue;
          if (!ledger && !filed.has(key.slice(0, key.indexOf('/')))) continue; // no ledger filed this month: not this rule's

          const ledgerGrams = ledger ? Number(ledger.grams) : null;
          const manifestGrams = manifest ? Number(manifest.grams) : null;
          const verdict = compareHwLedger({ ledgerGrams, manifestGrams }, settings.tolerance);
          if (!verdict) continue;
          const [uscc, code] = key.split('/') as [string, string];
          const difference = verdict.kind === 'GAP' ? `${tonnesText(verdict.differenceGrams)} (${pctText(ledgerGrams!, manifestGrams!, manifestGrams!)})` : verdict.kind === 'NO_LEDGER' ? 'manifests without a ledger row' : 'ledger shipped without manifests';
          const why = verdict.kind === 'GAP' ? '台账委托转移量与当月联单移出量不符 / the ledger’s shipped quantity differs from the month’s manifests' : verdict.kind === 'NO_LEDGER' ? '有联单但台账未列此废物 / manifests of a waste the month’s ledger does not list' : '台账有委托转移量但无联单 / the ledger states shipments without any manifest';
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
              message: `${uscc} ${code} ${period}: ${why}: ${difference}`,
            },
          });
        }
      },
    };
  },
};
