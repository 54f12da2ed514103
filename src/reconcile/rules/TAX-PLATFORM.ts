/**
 * TAX-PLATFORM — the environmental-tax declaration against the platform ledgers (DESIGN §5): Σ 产生量 of
 * a taxpayer's 固体废物 rows for the quarter against Σ 产生量 (csl) of its general and HW monthly ledgers
 * over the quarter's months, for taxpayers the industrial platform registers. Keyed by USCC + quarter.
 * Default: more than 10 % of the platform figure.
 */
import type { Types } from 'mongoose';
import { generatedGrams, platformGenerated } from './reads';
import { exceedsPct, monthsOfPeriod, pctText, quarterOf, side, tonnesText, unique, usccKey, type Rule } from './rule';

/** Pure: the declared total against the platform total (0 when the platform has no ledger). */
export function compareTaxPlatform(input: { taxGrams: number; platformGrams: number }, tolerancePct: number): { differenceGrams: number } | null {
  if (!exceedsPct(input.taxGrams, input.platformGrams, input.platformGrams, tolerancePct)) return null;
  return { differenceGrams: input.taxGrams - input.platformGrams };
}

interface Declared {
  grams: number;
  records: Types.ObjectId[];
  name: string | null;
}

export const taxPlatform: Rule = {
  id: 'TAX-PLATFORM',
  title: 'tax declaration vs platform ledgers',
  stream: 'taxstat',
  subjectKind: 'PARTY',
  key: 'USCC + quarter',
  reads: ['periodreports', 'parties'],
  toleranceUnit: '%',
  defaults: { tolerance: 10, severity: 'MEDIUM' },
  periodsOf: (months) => unique(months.map(quarterOf)),
  evaluate({ period, settings, refs }, emit) {
    return {
      async finish() {
        const months = monthsOfPeriod(period);
        // One entry per taxpayer of the quarter: a few hundred per district.
        const declared = new Map<string, Declared>();
        for (const row of await refs.reports('ENV_TAX', months)) {
          const uscc = usccKey(row.party?.uscc);
          if (!uscc || row.period !== period) continue;
          const entry = declared.get(uscc) ?? { grams: 0, records: [], name: row.party?.name ?? null };
          entry.grams += generatedGrams(row);
          entry.records.push(...row.sources);
          declared.set(uscc, entry);
        }
        const streets = await refs.partyStreets();
        const usccs = [...declared.keys()].sort();
        const { registered, general, hw } = await platformGenerated(refs, usccs, months);
        for (const uscc of usccs) {
          if (!registered.has(uscc)) continue; // COVERAGE's concern
          const tax = declared.get(uscc)!;
          const platformGrams = (general.get(uscc)?.grams ?? 0) + (hw.get(uscc)?.grams ?? 0);
          const verdict = compareTaxPlatform({ taxGrams: tax.grams, platformGrams }, settings.tolerance);
          if (!verdict) continue;
          const difference = `${tonnesText(verdict.differenceGrams)} (${pctText(tax.grams, platformGrams, platformGrams)})`;
          await emit({
            rule: 'TAX-PLATFORM',
            severity: settings.severity,
            stream: 'taxstat',
            period,
            subject: { kind: 'PARTY', key: uscc, label: `${tax.name ?? uscc} ${period}`, partyUscc: uscc, street: streets.get(uscc) ?? null },
            evidence: {
              sides: [
                side({ source: 'taxstat', label: 'envtax Σ 产生量 (固体废物)', value: tonnesText(tax.grams).replace(' t', ''), unit: 't', grams: tax.grams, records: tax.records }),
                side({ source: 'industrial', label: `platform Σ csl (general + HW ledgers, ${months.join(', ')})`, value: tonnesText(platformGrams).replace(' t', ''), unit: 't', grams: platformGrams, records: [...(general.get(uscc)?.records ?? []), ...(hw.get(uscc)?.records ?? [])] }),
              ],
              difference,
              differenceGrams: verdict.differenceGrams,
              tolerance: `${settings.tolerance} %`,
              message: `${uscc} ${period}: tax declaration ${difference} against the platform ledgers`,
            },
          });
        }
      },
    };
  },
};
