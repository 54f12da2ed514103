/** Reference data: waste categories per stream, streets, communities. */
import type { Stream } from '../../auth/roles';
import { CommunityModel } from '../../model/community';
import { ReferenceItemModel, type ReferenceItem, type ReferenceTable } from '../../model/referenceItem';
import { normaliseStreet, STREETS, type Street, type StreetCode } from '../../model/reference/streets';
import { badInput } from '../errors';
import type { Resolvers } from '../generated/resolvers';
import type { CommunityRecord } from '../loaders';
import { isStream } from '../streamScope';

/** The tables whose codes a stream's records use; the first is what `Movement.category` codes are in. */
export const STREAM_CATEGORY_TABLES: Record<Stream, readonly ReferenceTable[]> = {
  industrial: ['ISW_CODE', 'ISW_CATEGORY', 'HW_CLASS'],
  household: ['HOUSEHOLD_CATEGORY', 'RECYCLABLE_MATERIAL'],
  construction: ['CONSTRUCTION_CATEGORY'],
  medical: ['MEDICAL_CATEGORY', 'MEDICAL_RECYCLABLE'],
  // tax declarations and statistics name their categories in free text (煤矸石, 污泥…)
  taxstat: [],
};

export function streetOf(code: StreetCode | null | undefined): Street | null {
  return code ? (STREETS.find((s) => s.code === code) ?? null) : null;
}

/** A street argument (code, short or full name) as its code; anything else is BAD_USER_INPUT. */
export function streetArgument(raw: string, argument = 'street'): StreetCode {
  const code = normaliseStreet(raw);
  if (!code) throw badInput(`unknown street "${raw}"; streets are ${STREETS.map((s) => `${s.code} (${s.name})`).join(', ')}`, argument);
  return code;
}

export const referenceResolvers: Resolvers = {
  Query: {
    wasteCategories: async (_parent, { stream, validOn }) => {
      if (!isStream(stream)) throw badInput(`unknown stream ${stream}`, 'stream');
      const tables = STREAM_CATEGORY_TABLES[stream];
      if (tables.length === 0) return [];
      const on = validOn ? new Date(validOn) : new Date();
      const rows = await ReferenceItemModel.find({
        table: { $in: [...tables] },
        validFrom: { $lte: on },
        $or: [{ validTo: null }, { validTo: { $gt: on } }],
      })
        .lean<ReferenceItem[]>()
        .exec();
      // the tables' own order (category codes first), then the catalogue's
      const rank = (r: ReferenceItem) => tables.indexOf(r.table);
      return rows.sort((a, b) => rank(a) - rank(b) || (a.seq ?? 0) - (b.seq ?? 0) || a.code.localeCompare(b.code));
    },
    streets: () => [...STREETS],
    communities: async (_parent, { street }) => {
      const query = street != null ? { street: streetArgument(street) } : {};
      return CommunityModel.find(query).sort({ street: 1, name: 1 }).lean<CommunityRecord[]>().exec();
    },
  },
  WasteCategory: {
    class: (row) => row.parentCode,
    attributes: (row) => row.attributes ?? {},
  },
  Community: {
    id: (community) => community._id.toHexString(),
    street: (community) => streetOf(community.street),
  },
};
