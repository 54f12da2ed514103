/**
 * Parties and what the sources say about them: search (USCC, normalised name or alias, role, street),
 * the party page with its movements, period reports, flags and source records — each of those kept to
 * the caller's streams by ../streamScope.
 */
import type { FilterQuery } from 'mongoose';
import { MovementModel } from '../../model/movement';
import { PARTY_STATUSES, PartyModel, type Party } from '../../model/party';
import { PeriodReportModel, type PeriodReport } from '../../model/periodReport';
import { formatGramsAsTonnes } from '../../model/quantities';
import { escapeRegex, flagQuery, listFlags, type FlagFilter } from '../../reconcile/flagQuery';
import { FlagWorkflowError } from '../../reconcile/flags';
import { normaliseCompanyName } from '../../resolve/normalise';
import { pageSize, paginate, type ConnectionPage, type Edge, type SortKey } from '../connections';
import { badInput, HubError, notFound } from '../errors';
import type { PartyFilter, Resolvers } from '../generated/resolvers';
import { parseObjectId, type PartyRecord, type PeriodReportRecord, type SourceRecordRecord } from '../loaders';
import { readableStreams, streamClause } from '../streamScope';
import { gramsOrNull, MOVEMENT_SORT, movementQuery, partyOf, periodMonths, usccArgument } from './movements';
import { streetArgument, streetOf } from './reference';
import { flagPosition } from './flags';

export type PartyConnectionParent = ConnectionPage<PartyRecord>;
export type PartyEdgeParent = Edge<PartyRecord>;
export type PeriodReportConnectionParent = ConnectionPage<PeriodReportRecord>;
export type PeriodReportEdgeParent = Edge<PeriodReportRecord>;

/** Alphabetical by the normalised name, which is also what name search matches on. */
const PARTY_SORT: SortKey<Party> = { name: 'parties', field: 'normalisedName', direction: 1, kind: 'string' };
/**
 * Newest year first. Keys compare as text, so within a year quarters come before months and the annual
 * report last (2026Q3 > 2026-10 > 2026): grouped by grain, which is how a party page reads them anyway.
 */
const REPORT_SORT: SortKey<PeriodReport> = { name: 'reports', field: 'period', direction: -1, kind: 'string' };

const MAX_NAME_FILTER = 100;
const DEFAULT_STATUSES = PARTY_STATUSES.filter((s) => s !== 'MERGED');

export function partyQuery(filter: PartyFilter): FilterQuery<Party> {
  const and: FilterQuery<Party>[] = [{ status: { $in: filter.status?.length ? [...filter.status] : DEFAULT_STATUSES } }];
  if (filter.uscc != null) and.push({ uscc: usccArgument(filter.uscc) });
  if (filter.name != null) {
    // the same normalisation entity resolution stores, so 有限责任公司 / full-width brackets find the party
    const name = normaliseCompanyName(filter.name);
    if (name === '') throw badInput('name must contain more than spaces and punctuation', 'name');
    if (name.length > MAX_NAME_FILTER) throw badInput(`name is longer than ${MAX_NAME_FILTER} characters`, 'name');
    const pattern = { $regex: escapeRegex(name) };
    and.push({ $or: [{ normalisedName: pattern }, { 'aliases.normalisedName': pattern }] });
  }
  if (filter.role?.length) and.push({ roles: { $in: [...filter.role] } });
  if (filter.street != null) and.push({ street: streetArgument(filter.street) });
  return and.length === 1 ? and[0]! : { $and: and };
}

/** The reconciliation layer's refusals (bad flag filter) as API errors with the same code. */
function translated(err: unknown): never {
  if (err instanceof FlagWorkflowError) throw new HubError(err.code, err.message);
  throw err;
}

export const partyResolvers: Resolvers = {
  Query: {
    party: async (_parent, { id }, { loaders }) => {
      const party = await loaders.partyById.load(parseObjectId(id).toHexString());
      if (!party) throw notFound('party', id);
      return party;
    },
    parties: (_parent, { filter, first, after }) => paginate(PartyModel, partyQuery(filter ?? {}), PARTY_SORT, { first, after }),
  },
  PartyConnection: {
    totalCount: (page) => page.count(),
  },
  PeriodReportConnection: {
    totalCount: (page) => page.count(),
  },
  Party: {
    id: (party) => party._id.toHexString(),
    mergedInto: (party, _args, { loaders }) => (party.mergedInto ? loaders.partyById.load(party.mergedInto.toHexString()) : null),
    street: (party) => streetOf(party.street),
    movements: async (party, { filter, first, after }, { caller, loaders }) => {
      const query = await movementQuery({ ...filter, party: party._id.toHexString() }, readableStreams(caller!, filter?.stream), loaders);
      return paginate(MovementModel, query, MOVEMENT_SORT, { first, after });
    },
    reports: (party, { kind, period, first, after }, { caller }) => {
      const and: FilterQuery<PeriodReport>[] = [{ 'party.partyId': party._id }, ...streamClause<PeriodReport>(readableStreams(caller!))];
      if (kind?.length) and.push({ kind: { $in: [...kind] } });
      // a quarter's or a year's report counts for each month it covers
      if (period != null) and.push({ months: { $in: periodMonths(period) } });
      return paginate(PeriodReportModel, { $and: and }, REPORT_SORT, { first, after });
    },
    flags: async (party, { filter, first, after }, { caller }) => {
      const size = pageSize(first);
      const streams = readableStreams(caller!);
      // flags name their party by USCC; a party without one has no flags to find (its primary key
      // `SRC:…` can never equal a USCC, so the query matches nothing rather than everything)
      const flagFilter: FlagFilter = { ...filter, party: party.uscc ?? party.primaryKey };
      try {
        const query = flagQuery(flagFilter, streams);
        const page = await listFlags(query, size, flagPosition(after));
        return { filter: flagFilter, streams, query, page, after: after ?? null };
      } catch (err) {
        return translated(err);
      }
    },
    sourceRecords: async (party, _args, { caller, loaders }) => {
      const visible = readableStreams(caller!) as readonly string[];
      const records = await loaders.sourceRecordById.loadMany(party.sources.map((id) => id.toHexString()));
      return records.filter((r): r is SourceRecordRecord => r != null && !(r instanceof Error) && visible.includes(r.source));
    },
  },
  PartyAlias: {
    street: (alias) => streetOf(alias.street),
  },
  Licence: {
    annualCapacityGrams: (licence) => gramsOrNull(licence.annualCapacityGrams),
  },
  PeriodReport: {
    id: (report) => report._id.toHexString(),
    party: (report, _args, { loaders }) => partyOf(report.party, loaders),
    statedParty: (report) => report.party,
    attributes: (report) => report.attributes ?? {},
    sourceRecords: async (report, _args, { loaders }) => {
      const records = await loaders.sourceRecordById.loadMany(report.sources.map((id) => id.toHexString()));
      return records.filter((r): r is SourceRecordRecord => r != null && !(r instanceof Error));
    },
  },
  ReportArea: {
    street: (area) => streetOf(area.street),
  },
  ReportLine: {
    grams: (line) => String(line.grams),
    tonnes: (line) => formatGramsAsTonnes(line.grams),
  },
  ReportMeasure: {
    amount: (measure) => String(measure.amount),
  },
};
