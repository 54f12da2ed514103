/**
 * Lineage: an indicator value's inputs carry the value's period and area, so each input can list what
 * made it up (src/indicators/lineage.ts), down to the source records and raw payloads. Contributions are
 * kept to the caller's streams (../streamScope); roles by `@auth` in schema/lineage.graphql.
 */
import type { Types } from 'mongoose';
import { readableStreams } from '../streamScope';
import { INPUT_NAMES, type InputName } from '../../indicators/definitions';
import type { IndicatorValueRecord, ValueInput } from '../../indicators/indicatorValueModel';
import { inputContributions, type InputContribution } from '../../indicators/lineage';
import { parsePeriod } from '../../indicators/periods';
import { decodeCursor, encodeCursor, pageSize, type Edge, type PageInfo, type SortKey } from '../connections';
import type { Resolvers } from '../generated/resolvers';
import type { SourceRecordRecord } from '../loaders';

/** An input with the value it belongs to (its period and area), which lineage needs. */
export type IndicatorInputParent = ValueInput & { value: Pick<IndicatorValueRecord, 'period' | 'area'> };
/** A contribution with the keyset fields of its page: the document id, then the month. */
export type ContributionParent = InputContribution & { _id: Types.ObjectId; key: string };
export type ContributionEdgeParent = Edge<ContributionParent>;
export interface ContributionConnectionParent {
  edges: ContributionEdgeParent[];
  pageInfo: PageInfo;
  totalCount: number;
}

const CONTRIBUTION_SORT: SortKey<ContributionParent> = { name: 'contributions', field: 'key', direction: 1, kind: 'string' };

const isInputName = (name: string): name is InputName => (INPUT_NAMES as readonly string[]).includes(name);

export const lineageResolvers: Resolvers = {
  IndicatorValue: {
    inputs: (value) => value.inputs.map((input) => ({ ...input, value: { period: value.period, area: value.area } })),
  },
  IndicatorInput: {
    contributions: async (input, { first, after }, { caller }) => {
      const size = pageSize(first);
      const readable = readableStreams(caller!) as readonly string[];
      const all = isInputName(input.name) ? await inputContributions(parsePeriod(input.value.period).months, input.value.area, input.name) : [];
      const visible = all
        .filter((c) => readable.includes(c.stream))
        .map((c): ContributionParent => ({ ...c, _id: c.document.id, key: `${c.document.id.toHexString()}|${c.month}` }));
      const from = after ? decodeCursor(after, CONTRIBUTION_SORT).value : null;
      const rest = from === null ? visible : visible.filter((c) => c.key > String(from));
      const page = rest.slice(0, size);
      const edges = page.map((node) => ({ cursor: encodeCursor(node, CONTRIBUTION_SORT), node }));
      return {
        edges,
        pageInfo: {
          hasNextPage: rest.length > size,
          hasPreviousPage: after != null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
        totalCount: visible.length,
      };
    },
  },
  IndicatorContribution: {
    amount: (c) => c.amount.toString(),
    goldenApplied: (c) => c.golden,
    documentKind: (c) => c.document.kind,
    documentId: (c) => c.document.id.toHexString(),
    movement: (c, _args, { loaders }) => (c.document.kind === 'MOVEMENT' ? loaders.movementById.load(c.document.id.toHexString()) : null),
    report: (c, _args, { loaders }) => (c.document.kind === 'REPORT' ? loaders.periodReportById.load(c.document.id.toHexString()) : null),
    sourceRecords: async (c, _args, { loaders }) => {
      const records = await loaders.sourceRecordById.loadMany(c.document.sourceRecordIds.map((id) => id.toHexString()));
      return records.filter((r): r is SourceRecordRecord => {
        if (r instanceof Error) throw r;
        return r !== null;
      });
    },
  },
};
