/**
 * household → unified model (connectors/MAPPING.md "household"): facilities, communities, weigh
 * tickets as WEIGH_TICKET movements (one per weighbridge crossing; reconciliation pairs OUT with IN),
 * street recyclables as RECYCLABLES reports. Pure.
 */
import type { z } from 'zod';
import { normaliseStreet } from '../../src/model/reference/streets';
import { canonicalPlate, emptyEnd, grams, instant, monthOfIso, quantity, typedMapper, unresolved, type MapContext, type Projection, type StreamMapper } from '../mapping';
import { communitySchema, facilitySchema, recyclableSchema, weighTicketSchema } from './streams';

export type HouseholdFacility = z.output<typeof facilitySchema>;
export type HouseholdCommunity = z.output<typeof communitySchema>;
export type WeighTicket = z.output<typeof weighTicketSchema>;
export type StreetRecyclables = z.output<typeof recyclableSchema>;

export function mapHouseholdFacility(f: HouseholdFacility): Projection[] {
  return [
    {
      target: 'facility',
      doc: {
        source: 'household',
        stream: 'household',
        code: f.facilityId,
        name: f.name,
        type: f.type,
        street: normaliseStreet(f.street),
        inDistrict: f.street !== null,
        operator: f.operatorUscc ? unresolved(f.operatorUscc) : null,
        dailyCapacityGrams: f.capacityTpd === null ? null : grams(f.capacityTpd, 't', 'capacityTpd').grams,
        annualCapacityGrams: null,
        location: null,
      },
      mentions: f.operatorUscc ? [{ slot: 'operator', uscc: f.operatorUscc, name: null, street: null, roles: ['FACILITY_OPERATOR'] }] : [],
    },
  ];
}

export function mapCommunity(c: HouseholdCommunity): Projection[] {
  return [
    {
      target: 'community',
      doc: {
        source: 'household',
        communityId: c.communityId,
        name: c.name,
        street: normaliseStreet(c.street),
        households: c.households,
        residents: c.residents,
        sortedCollection: c.sortedCollection,
        hazardousCollection: c.hazardousCollection,
      },
      mentions: [],
    },
  ];
}

export function mapWeighTicket(t: WeighTicket, context: MapContext): Projection[] {
  const incoming = t.direction === 'IN';
  const from = incoming
    ? { ...emptyEnd(), street: normaliseStreet(t.originStreet), facilityCode: t.originFacilityId }
    : { ...emptyEnd(), facilityCode: t.facilityId };
  const to = incoming ? { ...emptyEnd(), facilityCode: t.facilityId } : { ...emptyEnd(), facilityCode: t.destinationFacilityId };
  return [
    {
      target: 'movement',
      doc: {
        stream: 'household',
        kind: 'WEIGH_TICKET',
        sourceKey: t.ticketNo,
        period: monthOfIso(t.weighedAt),
        status: t.status === 'VALID' ? 'CLOSED' : 'VOIDED',
        statusRaw: t.status,
        from,
        to,
        carrier: null,
        vehicle: { plate: canonicalPlate(t.plateNo), vehicleId: null },
        category: t.category,
        wasteCode: null,
        hwClass: null,
        physicalForm: null,
        route: null,
        direction: t.direction,
        packages: null,
        departedAt: instant(t.weighedAt),
        arrivedAt: null,
        // as stated, never recomputed: net ≠ gross − tare is HH-NET's finding
        quantities: [
          quantity('GROSS', grams(String(t.grossKg), 'kg', 'grossKg'), context),
          quantity('TARE', grams(String(t.tareKg), 'kg', 'tareKg'), context),
          quantity('NET', grams(String(t.netKg), 'kg', 'netKg'), context),
        ],
        attributes: {},
      },
      mentions: [],
    },
  ];
}

export function mapStreetRecyclables(r: StreetRecyclables): Projection[] {
  const mass = grams(r.weightKg, 'kg', 'weightKg');
  return [
    {
      target: 'periodReport',
      doc: {
        source: 'household',
        stream: 'household',
        kind: 'RECYCLABLES',
        reportKey: String(r.id),
        periodKind: 'MONTH',
        period: r.month,
        months: [r.month],
        party: null,
        area: { level: 'STREET', name: r.street, street: normaliseStreet(r.street) },
        category: r.material,
        categoryName: null,
        attributes: { channel: r.channel },
        packages: null,
        lines: [{ measure: 'RECOVERED', grams: mass.grams, original: mass.original }],
        measures: [],
      },
      mentions: [],
    },
  ];
}

export const householdMappers: Readonly<Record<string, StreamMapper>> = {
  facilities: typedMapper(facilitySchema, mapHouseholdFacility),
  communities: typedMapper(communitySchema, mapCommunity),
  'weigh-tickets': typedMapper(weighTicketSchema, mapWeighTicket),
  recyclables: typedMapper(recyclableSchema, mapStreetRecyclables),
};
