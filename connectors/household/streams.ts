/**
 * household (生活垃圾全流程管理平台, shared/sources/household.md): four cursor-paged streams in English
 * camelCase JSON. Weights are integer kg (weigh tickets) or decimal kg (recyclables).
 */
import { z } from 'zod';
import type { ApiStream } from '../api-records';
import { bool, integer, isoInstant, label, month, nonNegativeDecimal, nullable, oneOf, text, uscc } from '../fields';

export const facilitySchema = z.object({
  facilityId: text,
  name: label,
  updatedAt: isoInstant,
  type: oneOf(['TRANSFER_STATION', 'INCINERATOR', 'FOOD_WASTE_PLANT', 'LANDFILL', 'SORTING_CENTER', 'HAZARDOUS_COLLECTION']),
  // null for facilities outside the district
  street: nullable(label),
  operatorUscc: nullable(uscc),
  capacityTpd: nullable(nonNegativeDecimal),
});

export const communitySchema = z.object({
  communityId: text,
  name: label,
  street: nullable(label),
  updatedAt: isoInstant,
  households: nullable(integer),
  residents: nullable(integer),
  sortedCollection: bool,
  hazardousCollection: bool,
});

export const weighTicketSchema = z.object({
  ticketNo: text,
  updatedAt: isoInstant,
  facilityId: text,
  direction: oneOf(['IN', 'OUT']),
  // Plates come with stray spaces or in lower case; normalised by entity resolution, kept as written here.
  plateNo: label,
  category: oneOf(['KITCHEN', 'FOOD_SERVICE', 'RECYCLABLE', 'HAZARDOUS', 'OTHER', 'BULKY']),
  originStreet: nullable(label),
  originFacilityId: nullable(text),
  destinationFacilityId: nullable(text),
  // net ≠ gross − tare is the HH-NET rule's finding, so it is not checked here.
  grossKg: integer,
  tareKg: integer,
  netKg: integer,
  weighedAt: isoInstant,
  status: oneOf(['VALID', 'CANCELLED']),
});

export const recyclableSchema = z.object({
  id: z.union([z.string().min(1), z.number().int()], { error: 'expected a record id' }),
  updatedAt: isoInstant,
  street: label,
  month,
  material: oneOf(['PAPER', 'PLASTIC', 'METAL', 'GLASS', 'TEXTILE', 'E_WASTE', 'OTHER']),
  channel: oneOf(['STATION', 'SMART_MACHINE', 'DOOR_TO_DOOR']),
  weightKg: nonNegativeDecimal,
});

export const householdStreams: readonly ApiStream[] = [
  { name: 'facilities', path: '/open/v2/facilities', idField: 'facilityId', primaryKey: ['facilityId'], cursorKind: 'opaque-cursor', recordSchema: facilitySchema, description: '设施 transfer stations and treatment plants' },
  { name: 'communities', path: '/open/v2/communities', idField: 'communityId', primaryKey: ['communityId'], cursorKind: 'opaque-cursor', recordSchema: communitySchema, description: '小区 communities and their sorting status' },
  { name: 'weigh-tickets', path: '/open/v2/weigh-tickets', idField: 'ticketNo', primaryKey: ['ticketNo'], cursorKind: 'opaque-cursor', recordSchema: weighTicketSchema, description: '称重记录 weighbridge tickets' },
  { name: 'recyclables', path: '/open/v2/recyclables', idField: 'id', primaryKey: ['id'], cursorKind: 'opaque-cursor', recordSchema: recyclableSchema, description: '可回收物 monthly recyclables per street' },
];
