/**
 * Lineage of an indicator input: which model documents (movements, period reports, registry entries)
 * made up an area's input for a period, and from which source records. Found by running the same month
 * pass the aggregation runs (src/indicators/aggregate.ts `passMonth`), with an observer, so lineage and
 * totals cannot disagree; nothing extra is stored while aggregating. One pass per month of the period
 * per request: meant for a steward's drill-down, not for dashboards.
 */
import type { Types } from 'mongoose';
import { passMonth, type ContributingDocument } from './aggregate';
import type { InputName } from './definitions';

export interface InputContribution {
  month: string;
  /** `<stream>/<kind>` as the input's `sources` list it */
  source: string;
  stream: string;
  amount: bigint;
  flagged: boolean;
  golden: boolean;
  document: ContributingDocument;
}

/** Every contribution to `name` in `area` over `months`, ordered by document id (stable pages). */
export async function inputContributions(months: readonly string[], area: string, name: InputName): Promise<InputContribution[]> {
  const found: InputContribution[] = [];
  for (const month of months) {
    await passMonth(month, (input, inArea, c) => {
      if (input !== name || inArea !== area || !c.document) return;
      found.push({
        month,
        source: c.source,
        stream: c.source.split('/')[0]!,
        amount: c.amount,
        flagged: Boolean(c.flagged),
        golden: Boolean(c.golden),
        document: c.document,
      });
    });
  }
  return found.sort((a, b) => compareIds(a.document.id, b.document.id) || (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

function compareIds(a: Types.ObjectId, b: Types.ObjectId): number {
  const x = a.toHexString();
  const y = b.toHexString();
  return x < y ? -1 : x > y ? 1 : 0;
}
