/**
 * GIS-BALANCE — a general-industrial ledger row's mass balance (DESIGN §5): opening stock (the previous
 * month's 期末贮存量 for the same USCC and code, 0 when none) + 产生量 against 自行/委托利用 + 自行/委托处置
 * + 期末贮存量, keyed by USCC + month + code (`<USCC>/<code>`). Default: gap more than 2 % of opening +
 * generated. 综合利用往年贮存量 (wnzcly) is part of the utilised figures and comes out of the opening stock,
 * so it is not added again.
 *
 * Join: the month's rows, summed per USCC and code, then the previous month's closing stock for those
 * USCCs in batched `$in` reads.
 */
import type { MassMeasure } from '../../model/periodReport';
import type { Types } from 'mongoose';
import { exceedsPct, pctText, previousMonth, side, tonnesText, usccKey, type ReportRow, type Rule } from './rule';

export interface BalanceInput {
  openingGrams: number;
  generatedGrams: number;
  outflowGrams: number;
  closingGrams: number;
}

/** Pure: the gap (inputs − outputs) when beyond tolerance of opening + generated. */
export function compareBalance(input: BalanceInput, tolerancePct: number): { gapGrams: number } | null {
  const inputs = input.openingGrams + input.generatedGrams;
  const outputs = input.outflowGrams + input.closingGrams;
  if (!exceedsPct(inputs, outputs, inputs, tolerancePct)) return null;
  return { gapGrams: inputs - outputs };
}

const OUTFLOWS: readonly MassMeasure[] = ['UTILISED_ONSITE', 'UTILISED_CONTRACTED', 'DISPOSED_ONSITE', 'DISPOSED_CONTRACTED'];

type LedgerRow = Pick<ReportRow, 'period' | 'party' | 'category' | 'lines' | 'sources'>;

interface Balance {
  uscc: string;
  code: string;
  name: string | null;
  generated: number;
  outflow: number;
  closing: number;
  records: Types.ObjectId[];
}

function measure(row: LedgerRow, measures: readonly MassMeasure[]): number {
  return row.lines.filter((l) => measures.includes(l.measure)).reduce((s, l) => s + l.grams, 0);
}

export const gisBalance: Rule = {
  id: 'GIS-BALANCE',
  title: 'general ledger mass balance',
  stream: 'industrial',
  subjectKind: 'PARTY',
  key: 'USCC + month + code',
  reads: ['periodreports', 'parties'],
  toleranceUnit: '%',
  defaults: { tolerance: 2, severity: 'MEDIUM' },
  evaluate({ period, settings, refs }, emit) {
    return {
      async finish() {
        const balances = new Map<string, Balance>();
        for (const row of await refs.reports('GENERAL_LEDGER', period)) {
          const uscc = usccKey(row.party?.uscc);
          if (!uscc || !row.category || row.period !== period) continue;
          const key = `${uscc}/${row.category}`;
          const b = balances.get(key) ?? { uscc, code: row.category, name: row.party?.name ?? null, generated: 0, outflow: 0, closing: 0, records: [] };
          b.generated += measure(row, ['GENERATED']);
          b.outflow += measure(row, OUTFLOWS);
          b.closing += measure(row, ['STOCK_END']);
          b.records.push(...row.sources);
          balances.set(key, b);
        }
        const streets = await refs.partyStreets();
        const previous = previousMonth(period);
        const opening = new Map<string, { grams: number; records: Types.ObjectId[] }>();
        const usccs = new Set([...balances.values()].map((b) => b.uscc));
        for (const row of await refs.reports('GENERAL_LEDGER', previous)) {
          if (row.period !== previous || !row.category || !usccs.has(usccKey(row.party?.uscc) ?? '')) continue;
          const key = `${usccKey(row.party?.uscc)}/${row.category}`;
          const entry = opening.get(key) ?? { grams: 0, records: [] };
          entry.grams += measure(row, ['STOCK_END']);
          entry.records.push(...row.sources);
          opening.set(key, entry);
        }
        for (const b of [...balances.keys()].sort().map((k) => balances.get(k)!)) {
          const key = `${b.uscc}/${b.code}`;
          const open = opening.get(key) ?? { grams: 0, records: [] };
          const verdict = compareBalance({ openingGrams: open.grams, generatedGrams: b.generated, outflowGrams: b.outflow, closingGrams: b.closing }, settings.tolerance);
          if (!verdict) continue;
          const inputs = open.grams + b.generated;
          const outputs = b.outflow + b.closing;
          const difference = `${tonnesText(verdict.gapGrams)} unaccounted (${pctText(inputs, outputs, inputs)})`;
          await emit({
            rule: 'GIS-BALANCE',
            severity: settings.severity,
            stream: 'industrial',
            period,
            subject: { kind: 'PARTY', key, label: `${b.name ?? b.uscc} ${b.code} ${period}`, partyUscc: b.uscc, street: streets.get(b.uscc) ?? null },
            evidence: {
              sides: [
                side({ source: 'industrial', label: `opening stock (${previous} 期末贮存量) + 产生量 (csl)`, value: tonnesText(inputs).replace(' t', ''), unit: 't', grams: inputs, records: [...open.records, ...b.records] }),
                side({ source: 'industrial', label: '利用 + 处置 (zxlyl + wtlyl + zxczl + wtczl) + 期末贮存量 (qmzcl)', value: tonnesText(outputs).replace(' t', ''), unit: 't', grams: outputs, records: b.records }),
              ],
              difference,
              differenceGrams: verdict.gapGrams,
              tolerance: `${settings.tolerance} %`,
              message: `${b.uscc} ${b.code} ${period}: ${difference}`,
            },
          });
        }
      },
    };
  },
};
