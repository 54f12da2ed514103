/**
 * STAT-PLATFORM — the annual environmental statistics against the platform (DESIGN §5): Σ general solid
 * waste 产生量 (GeneralSolidWaste elements) against Σ general-ledger csl over the year's months, and the
 * HazardousWaste 产生量 against Σ HW-ledger csl, for enterprises the platform registers. Keyed by USCC +
 * year. Default: more than 10 % of the platform figure in either comparison.
 */
import type { Types } from 'mongoose';
import { generatedGrams, platformGenerated } from './reads';
import { exceedsPct, monthsOfPeriod, pctText, side, tonnesText, unique, usccKey, type Rule } from './rule';

export interface StatPlatformInput {
  statGeneralGrams: number;
  platformGeneralGrams: number;
  /** null when the statistics have no HazardousWaste element */
  statHwGrams: number | null;
  platformHwGrams: number;
}

/** Pure: which of the two comparisons exceed the tolerance (empty: none). */
export function compareStatPlatform(input: StatPlatformInput, tolerancePct: number): ('GENERAL' | 'HW')[] {
  const out: ('GENERAL' | 'HW')[] = [];
  if (exceedsPct(input.statGeneralGrams, input.platformGeneralGrams, input.platformGeneralGrams, tolerancePct)) out.push('GENERAL');
  const statHw = input.statHwGrams ?? 0;
  if ((input.statHwGrams !== null || input.platformHwGrams > 0) && exceedsPct(statHw, input.platformHwGrams, input.platformHwGrams, tolerancePct)) out.push('HW');
  return out;
}

interface Stated {
  general: number;
  hw: number | null;
  records: Types.ObjectId[];
  name: string | null;
}

export const statPlatform: Rule = {
  id: 'STAT-PLATFORM',
  title: 'annual statistics vs platform',
  stream: 'taxstat',
  subjectKind: 'PARTY',
  key: 'USCC + year',
  reads: ['periodreports', 'parties'],
  toleranceUnit: '%',
  defaults: { tolerance: 10, severity: 'LOW' },
  periodsOf: (months) => unique(months.map((m) => m.slice(0, 4))),
  evaluate({ period, settings, refs }, emit) {
    return {
      async finish() {
        const months = monthsOfPeriod(period);
        const stated = new Map<string, Stated>();
        for (const row of await refs.reports('ENV_STAT', months)) {
          const uscc = usccKey(row.party?.uscc);
          if (!uscc || row.period !== period) continue;
          const entry = stated.get(uscc) ?? { general: 0, hw: null, records: [], name: row.party?.name ?? null };
          const generated = generatedGrams(row);
          if (row.category === 'HW') entry.hw = (entry.hw ?? 0) + generated;
          else entry.general += generated;
          entry.records.push(...row.sources);
          stated.set(uscc, entry);
        }
        const streets = await refs.partyStreets();
        const usccs = [...stated.keys()].sort();
        const { registered, general, hw } = await platformGenerated(refs, usccs, months);
        for (const uscc of usccs) {
          if (!registered.has(uscc)) continue;
          const stat = stated.get(uscc)!;
          const platformGeneral = general.get(uscc)?.grams ?? 0;
          const platformHw = hw.get(uscc)?.grams ?? 0;
          const exceeded = compareStatPlatform({ statGeneralGrams: stat.general, platformGeneralGrams: platformGeneral, statHwGrams: stat.hw, platformHwGrams: platformHw }, settings.tolerance);
          if (exceeded.length === 0) continue;
          const parts = exceeded.map((what) =>
            what === 'GENERAL'
              ? `general ${tonnesText(stat.general - platformGeneral)} (${pctText(stat.general, platformGeneral, platformGeneral)})`
              : `HW ${tonnesText((stat.hw ?? 0) - platformHw)} (${pctText(stat.hw ?? 0, platformHw, platformHw)})`,
          );
          const first = exceeded[0] === 'GENERAL' ? { stat: stat.general, platform: platformGeneral, records: general.get(uscc)?.records ?? [] } : { stat: stat.hw ?? 0, platform: platformHw, records: hw.get(uscc)?.records ?? [] };
          await emit({
            rule: 'STAT-PLATFORM',
            severity: settings.severity,
            stream: 'taxstat',
            period,
            subject: { kind: 'PARTY', key: uscc, label: `${stat.name ?? uscc} ${period}`, partyUscc: uscc, street: streets.get(uscc) ?? null },
            evidence: {
              sides: [
                side({ source: 'taxstat', label: `envstat ${exceeded[0] === 'GENERAL' ? 'GeneralSolidWaste' : 'HazardousWaste'} generated`, value: tonnesText(first.stat).replace(' t', ''), unit: 't', grams: first.stat, records: stat.records }),
                side({ source: 'industrial', label: `platform Σ ${exceeded[0] === 'GENERAL' ? 'general' : 'HW'} ledger csl (${period})`, value: tonnesText(first.platform).replace(' t', ''), unit: 't', grams: first.platform, records: first.records }),
              ],
              difference: parts.join('; '),
              differenceGrams: first.stat - first.platform,
              tolerance: `${settings.tolerance} %`,
              message: `${uscc} ${period}: statistics differ from the platform: ${parts.join('; ')}`,
            },
          });
        }
      },
    };
  },
};
