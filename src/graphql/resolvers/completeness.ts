/**
 * The completeness calendar over the API (schema/completeness.graphql): the grid of src/completeness/ for
 * a period, kept to the caller's streams (../streamScope), rows paged in memory (the totals need every
 * row's cells anyway). Daily filings (weigh tickets) have a cell per day of the period's months. Roles are enforced by `@auth` in the SDL.
 */
import { z } from 'zod';
import { FILING_CADENCE, FILING_KINDS, FILING_STREAM, countBy, daysOfMonth, emptyCounts, periodCadence, type Cell, type FilingKind, type StatusCounts } from '../../completeness/calendar';
import { calendarFor, loadCalendarInputs } from '../../completeness/read';
import { createReferenceSets } from '../../reconcile/engine';
import { STREET_CODES } from '../../model/reference/streets';
import { validatePeriod } from '../../model/validators';
import { pageSize } from '../connections';
import { badInput } from '../errors';
import type { CompletenessCounts, CompletenessReporterEdge, Resolvers } from '../generated/resolvers';
import { readableStreams } from '../streamScope';

/** The periods a calendar for `months` of a period kind shows: months, then quarters, then the year. Pure. */
export function calendarPeriods(kind: 'MONTH' | 'QUARTER' | 'YEAR', key: string, months: readonly string[]): string[] {
  if (kind === 'MONTH') return [...months];
  const quarters = [...new Set(months.map((m) => `${m.slice(0, 4)}Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`))];
  return kind === 'QUARTER' ? [...months, key] : [...months, ...quarters, key];
}

function counts(status: StatusCounts | undefined): CompletenessCounts {
  const c = status ?? emptyCounts();
  return { received: c.RECEIVED, late: c.LATE, missing: c.MISSING, revised: c.REVISED, notDue: c.NOT_DUE, expected: c.RECEIVED + c.LATE + c.MISSING + c.REVISED + c.NOT_DUE };
}

const cursorText = z.string().regex(/^[A-Za-z0-9+/=_-]+$/);
const encodeRowCursor = (kind: FilingKind, key: string) => Buffer.from(`${kind}|${key}`, 'utf8').toString('base64url');
function decodeRowCursor(after: string): string {
  const text = cursorText.safeParse(after).success ? Buffer.from(after, 'base64url').toString('utf8') : '';
  const kind = text.split('|')[0];
  if (!(FILING_KINDS as readonly string[]).includes(kind ?? '')) throw badInput('after: not a cursor of this calendar', 'after');
  return text;
}

export const completenessResolvers: Resolvers = {
  Query: {
    async completeness(_parent, args, ctx) {
      const checked = validatePeriod(args.period);
      if (!checked.ok) throw badInput(`period: ${checked.reason}`, 'period');
      const streams = readableStreams(ctx.caller!, args.stream != null ? [args.stream] : null);
      if (args.street != null && !(STREET_CODES as readonly string[]).includes(args.street)) throw badInput(`unknown street ${args.street}; streets are ${STREET_CODES.join(', ')}`, 'street');
      const size = pageSize(args.first);
      const asOf = args.asOf != null ? new Date(args.asOf) : new Date();
      if (Number.isNaN(asOf.getTime())) throw badInput('asOf: not a date-time', 'asOf');
      const after = args.after != null ? decodeRowCursor(args.after) : null;

      const kinds = FILING_KINDS.filter((k) => (streams as readonly string[]).includes(FILING_STREAM[k]));
      // party streets, one read of the parties, so rows carry the street the filter and the console use
      const inputs = await loadCalendarInputs(kinds, await createReferenceSets([]).partyStreets());
      const reporters = inputs.reporters.filter((r) => args.street == null || r.street === args.street);
      // daily filers (weigh tickets) among the rows: the days of the months first
      const days = reporters.some((r) => FILING_CADENCE[r.kind] === 'DAY') ? checked.value.months.flatMap(daysOfMonth) : [];
      const periods = [...days, ...calendarPeriods(checked.value.kind, checked.value.key, checked.value.months)];
      const wanted = new Set(reporters.map((r) => `${r.kind}|${r.key}`));
      const cells = (await calendarFor({ ...inputs, reporters }, periods, asOf)).filter((c) => wanted.has(`${c.kind}|${c.reporterKey}`));

      const cellsByRow = new Map<string, Cell[]>();
      for (const cell of cells) {
        const key = `${cell.kind}|${cell.reporterKey}`;
        cellsByRow.set(key, [...(cellsByRow.get(key) ?? []), cell]);
      }
      // a reporter whose cadence has no period in the calendar (or that started later) has no row
      const rows = reporters.filter((r) => cellsByRow.has(`${r.kind}|${r.key}`));
      const start = after === null ? 0 : rows.findIndex((r) => `${r.kind}|${r.key}` === after) + 1;
      if (after !== null && start === 0) throw badInput('after: the cursor names no row of this calendar', 'after');
      const page = rows.slice(start, start + size);
      const byRow = countBy(cells, (c) => `${c.kind}|${c.reporterKey}`);
      const byPeriod = countBy(cells, (c) => c.period);
      const edges: CompletenessReporterEdge[] = page.map((r) => ({
        cursor: encodeRowCursor(r.kind, r.key),
        node: {
          key: r.key,
          label: r.label,
          kind: r.kind,
          stream: FILING_STREAM[r.kind],
          street: r.street,
          firstPeriod: r.firstPeriod,
          cells: (cellsByRow.get(`${r.kind}|${r.key}`) ?? []).map((c) => ({ period: c.period, status: c.status, receivedAt: c.receivedAt, dueAt: c.dueAt })),
          totals: counts(byRow.get(`${r.kind}|${r.key}`)),
        },
      }));
      return {
        period: checked.value.key,
        periods,
        asOf,
        totals: counts(countBy(cells, () => 'all').get('all')),
        totalsByPeriod: periods.filter((p) => kinds.some((k) => FILING_CADENCE[k] === periodCadence(p))).map((period) => ({ period, totals: counts(byPeriod.get(period)) })),
        reporters: edges,
        totalCount: rows.length,
        pageInfo: { hasNextPage: start + size < rows.length, hasPreviousPage: start > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  },
};
