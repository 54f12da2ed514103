/**
 * HH-CATEGORY — a load the receiving facility does not take (DESIGN §5; household.md "mixed loading is a
 * finding"), keyed by ticket no. Compares an IN ticket's category with the intake of its facility's
 * type (FACILITY_INTAKE below). Any occurrence is flagged. A transfer load relabelled at the plant to a
 * category the plant does not take is flagged here alone (HH-CHAIN takes that IN as the trip's arrival).
 * Unknown: a facility the registry does not list, or a type without a stated intake — no flag.
 * Not a finding: cancelled tickets; IN tickets at transfer stations (they take everything and pass it
 * on); OUT tickets (the IN at their destination is what is judged). Landfill intake of OTHER is an
 * indicator (zero-landfill goal), not a flag.
 * Facilities are a reference set read once.
 */
import { movementSubject, side, stewardMessage, type FacilityRef, type Rule } from './rule';

/** What each household facility type accepts (transfer stations take everything and pass it on). */
export const FACILITY_INTAKE: Readonly<Record<string, readonly string[]>> = {
  INCINERATOR: ['OTHER', 'BULKY'],
  FOOD_WASTE_PLANT: ['KITCHEN', 'FOOD_SERVICE'],
  LANDFILL: ['OTHER'],
  SORTING_CENTER: ['RECYCLABLE', 'BULKY'],
  HAZARDOUS_COLLECTION: ['HAZARDOUS'],
};

/** Pure: true when the facility type has a known intake and the category is not in it. */
export function compareHhCategory(input: { category: string | null; facilityType: string | null }): boolean {
  if (!input.category || !input.facilityType) return false;
  const intake = FACILITY_INTAKE[input.facilityType];
  return intake !== undefined && !intake.includes(input.category);
}

export const hhCategory: Rule = {
  id: 'HH-CATEGORY',
  title: 'truck category vs facility type',
  stream: 'household',
  subjectKind: 'MOVEMENT',
  key: 'ticket no.',
  reads: ['movements', 'facilities'],
  kinds: { movements: ['WEIGH_TICKET'] },
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'MEDIUM' },
  scan: { kind: 'WEIGH_TICKET' },
  evaluate({ period, settings, refs }, emit) {
    let facilities: ReadonlyMap<string, FacilityRef> | null = null;
    return {
      async visit(m) {
        if (m.status === 'VOIDED' || m.direction !== 'IN' || !m.to.facilityCode) return;
        facilities ??= await refs.facilities();
        const facility = facilities.get(`household:${m.to.facilityCode}`);
        if (!facility || !compareHhCategory({ category: m.category, facilityType: facility.type })) return;
        await emit({
          rule: 'HH-CATEGORY',
          severity: settings.severity,
          stream: 'household',
          period,
          subject: movementSubject(m, `称重单 ${m.sourceKey}`, null, m.from.street ?? facility.street),
          evidence: {
            sides: [
              side({ source: 'household', label: 'ticket category', value: m.category ?? '', unit: 'category', records: m.sources }),
              side({ source: 'household', label: `facility ${facility.code} type (accepts ${FACILITY_INTAKE[facility.type]!.join(', ')})`, value: facility.type, unit: 'facility type', records: facility.sources }),
            ],
            difference: `${m.category} not accepted by a ${facility.type}`,
            tolerance: 'any',
            message: stewardMessage(
              `称重单 ${m.sourceKey}：${m.category} 运入 ${facility.code}（${facility.type}），该设施不接收此类垃圾（混装或错运）`,
              `ticket ${m.sourceKey}: ${m.category} delivered to ${facility.code} (${facility.type}), which does not take it (mixed or misdirected load)`,
            ),
          },
        });
      },
      async finish() {},
    };
  },
};
