/**
 * The household-garbage registry (sources/household.md): facilities, communities, weigh tickets and
 * monthly recyclables. Street trucks weigh in at the first facility; transfer stations compact the
 * residual waste and ship it (OUT ticket) to the incinerator or landfill (IN ticket there). HH-CHAIN,
 * HH-CATEGORY and HH-NET are injected.
 */
import { cstDate, cstIso, cstMidnight, DAY_MS, daysInMonth, HOUR_MS, monthKey, toMinute, type MonthRef } from './clock';
import type { ScenarioContext } from './context';
import type { Rng } from './prng';
import { PLATE_LETTERS, STREETS, type HouseholdCategory, type HouseholdFacilityType } from './reference';
import type { HouseholdStream, JsonRecord, VersionedRecord } from './types';

const MINUTE_MS = 60_000;

export interface HhFacility {
  facilityId: string;
  name: string;
  type: HouseholdFacilityType;
  street: string | null;
  operatorUscc: string;
  capacityTpd: number;
}

export interface Community {
  communityId: string;
  name: string;
  street: string;
  households: number;
  residents: number;
  sortedCollection: boolean;
  hazardousCollection: boolean;
}

export interface WeighTicket {
  ticketNo: string;
  facility: HhFacility;
  direction: 'IN' | 'OUT';
  plateNo: string;
  category: HouseholdCategory;
  originStreet: string | null;
  originFacilityId: string | null;
  destinationFacilityId: string | null;
  grossKg: number;
  tareKg: number;
  netKg: number;
  weighedAt: number;
  cancelledAt: number | null;
}

export interface RecyclablesRow {
  id: string;
  street: string;
  month: MonthRef;
  material: string;
  channel: string;
  weightKg: number;
  reportedAt: number;
}

export interface HouseholdData {
  facilities: HhFacility[];
  communities: Community[];
  tickets: WeighTicket[];
  recyclables: RecyclablesRow[];
  /** residents of all communities (the econ feed's 常住人口 is derived from it) */
  residents: number;
  streams: Record<HouseholdStream, VersionedRecord[]>;
}

interface TruckProfile {
  tareKg: number;
  capacityKg: number;
}

const TRUCKS: Record<HouseholdCategory, TruckProfile> = {
  OTHER: { tareKg: 8200, capacityKg: 5000 },
  KITCHEN: { tareKg: 4600, capacityKg: 3000 },
  FOOD_SERVICE: { tareKg: 4800, capacityKg: 3500 },
  RECYCLABLE: { tareKg: 3100, capacityKg: 2000 },
  HAZARDOUS: { tareKg: 2100, capacityKg: 400 },
  BULKY: { tareKg: 6300, capacityKg: 3000 },
};

/** Shares of collected mass (kg per resident per day ≈ 1.2 in total). */
const CATEGORY_SHARE: Record<HouseholdCategory, number> = {
  OTHER: 0.52, KITCHEN: 0.2, FOOD_SERVICE: 0.13, RECYCLABLE: 0.1, BULKY: 0.0495, HAZARDOUS: 0.0005,
};

const TRANSFER_TRUCK: TruckProfile = { tareKg: 14_200, capacityKg: 15_000 };

export function generateHousehold(ctx: ScenarioContext): HouseholdData {
  const rng = ctx.rng.fork('household');
  const truth = ctx.truth;
  const copies = Math.max(1, Math.ceil(ctx.options.size));
  const facilities: HhFacility[] = [];
  const byType = (type: HouseholdFacilityType, copy: number) => facilities.filter((f) => f.type === type)[copy] as HhFacility;
  for (let copy = 0; copy < copies; copy++) {
    const add = (type: HouseholdFacilityType, name: string, street: string | null, capacityTpd: number) =>
      facilities.push({ facilityId: `F${ctx.tag}${String(facilities.length + 1).padStart(4, '0')}`, name: `${ctx.namePrefix}${name}`, type, street: street === null ? null : ctx.street(street), operatorUscc: ctx.uscc.next(), capacityTpd });
    add('TRANSFER_STATION', `${copy > 0 ? copy + 1 : ''}鲁谷垃圾转运站`, '鲁谷街道', 300);
    add('TRANSFER_STATION', `${copy > 0 ? copy + 1 : ''}五里坨垃圾转运站`, '五里坨街道', 250);
    add('INCINERATOR', `${copy > 0 ? copy + 1 : ''}南宫生活垃圾焚烧厂`, null, 1000);
    add('FOOD_WASTE_PLANT', `${copy > 0 ? copy + 1 : ''}南宫厨余垃圾处理厂`, null, 400);
    add('LANDFILL', `${copy > 0 ? copy + 1 : ''}安定卫生填埋场`, null, 700);
    add('SORTING_CENTER', `${copy > 0 ? copy + 1 : ''}古城可回收物分拣中心`, '古城街道', 120);
    add('HAZARDOUS_COLLECTION', `${copy > 0 ? copy + 1 : ''}八角有害垃圾暂存点`, '八角街道', 2);
  }

  const communities: Community[] = [];
  const communityCount = ctx.scaled(30);
  for (let i = 0; i < communityCount; i++) {
    const street = (ctx.streets[i % ctx.streets.length] as { name: string }).name;
    const plainStreet = (STREETS[i % STREETS.length] as { name: string }).name;
    const households = rng.int(1500, 3800);
    communities.push({
      communityId: `C${ctx.tag}${String(i + 1).padStart(4, '0')}`,
      name: `${ctx.namePrefix}${plainStreet.slice(0, 2)}${rng.pick(['东', '西', '南', '北', '中'])}${rng.pick(['里', '苑', '园', '家园', '花园'])}${String(i + 1)}社区`,
      street, households, residents: Math.round(households * rng.real(2.4, 2.8)),
      sortedCollection: rng.chance(0.97), hazardousCollection: rng.chance(0.9),
    });
  }
  const residents = communities.reduce((s, c) => s + c.residents, 0);
  const residentsByStreet = new Map<string, number>();
  for (const c of communities) residentsByStreet.set(c.street, (residentsByStreet.get(c.street) ?? 0) + c.residents);

  const usedPlates = new Set<string>();
  const newPlate = (): string => {
    for (;;) {
      const plate = `京${rng.pick(PLATE_LETTERS)}${rng.int(10000, 99999)}`;
      if (!usedPlates.has(plate) && ctx.ownsPlate(plate)) {
        usedPlates.add(plate);
        return plate;
      }
    }
  };
  const tareByPlate = new Map<string, number>();
  const fleetByStreetCategory = new Map<string, string[]>();
  const streetFleet = (street: string, category: HouseholdCategory): string[] => {
    const key = `${street}|${category}`;
    let fleet = fleetByStreetCategory.get(key);
    if (!fleet) {
      fleet = Array.from({ length: 6 }, () => {
        const plate = newPlate();
        tareByPlate.set(plate, TRUCKS[category].tareKg + rng.int(-300, 300));
        return plate;
      });
      fleetByStreetCategory.set(key, fleet);
    }
    return fleet;
  };

  const tickets: WeighTicket[] = [];
  const sequenceByFacilityDay = new Map<string, number>();
  const ticketNo = (facility: HhFacility, at: number) => {
    const key = `${facility.facilityId}-${cstDate(at).replace(/-/g, '')}`;
    const seq = (sequenceByFacilityDay.get(key) ?? 0) + 1;
    sequenceByFacilityDay.set(key, seq);
    return `${key}-${String(seq).padStart(4, '0')}`;
  };
  const weigh = (partial: Omit<WeighTicket, 'ticketNo' | 'grossKg' | 'tareKg' | 'cancelledAt'>): WeighTicket => {
    const tare = (tareByPlate.get(partial.plateNo) ?? 8000) + rng.int(-20, 20);
    const t: WeighTicket = { ...partial, ticketNo: ticketNo(partial.facility, partial.weighedAt), grossKg: tare + partial.netKg, tareKg: tare, cancelledAt: null };
    tickets.push(t);
    return t;
  };

  const streets = [...residentsByStreet.keys()];
  const transferPairs: { out: WeighTicket; in: WeighTicket }[] = [];
  for (const month of ctx.months) {
    for (let day = 1; day <= daysInMonth(month); day++) {
      const dayStart = cstMidnight(month, day);
      for (let copy = 0; copy < copies; copy++) {
        const transferStations = facilities.filter((f) => f.type === 'TRANSFER_STATION').slice(copy * 2, copy * 2 + 2);
        const receivedOther = new Map<string, number>();
        streets.forEach((street, streetIndex) => {
          const streetResidents = (residentsByStreet.get(street) ?? 0) / copies;
          const dailyKg = streetResidents * 1.2 * rng.real(0.9, 1.1);
          for (const category of Object.keys(CATEGORY_SHARE) as HouseholdCategory[]) {
            if (category === 'HAZARDOUS' && day % 7 !== streetIndex % 7) continue; // weekly round
            let kg = Math.round(dailyKg * CATEGORY_SHARE[category] * (category === 'HAZARDOUS' ? 7 : 1));
            if (kg <= 0) continue;
            const destination =
              category === 'OTHER' ? (transferStations[streetIndex % 2] as HhFacility)
              : category === 'KITCHEN' || category === 'FOOD_SERVICE' ? byType('FOOD_WASTE_PLANT', copy)
              : category === 'HAZARDOUS' ? byType('HAZARDOUS_COLLECTION', copy)
              : byType('SORTING_CENTER', copy);
            const fleet = streetFleet(`${street}#${copy}`, category);
            const loads = Math.max(1, Math.ceil(kg / (TRUCKS[category].capacityKg * 0.85)));
            for (let load = 0; load < loads; load++) {
              const net = load === loads - 1 ? kg : Math.round(kg / (loads - load) * rng.real(0.9, 1.1));
              kg -= net;
              if (net <= 0) continue;
              weigh({
                facility: destination, direction: 'IN', plateNo: fleet[load % fleet.length] as string, category,
                originStreet: street, originFacilityId: null, destinationFacilityId: null, netKg: net,
                weighedAt: toMinute(dayStart + (5 * 60 + rng.int(0, 15 * 60)) * MINUTE_MS),
              });
              if (category === 'OTHER') receivedOther.set(destination.facilityId, (receivedOther.get(destination.facilityId) ?? 0) + net);
            }
          }
        });
        // Transfer: each station compacts the day's residual waste into 15 t loads; a transfer truck
        // makes at most three runs a day, six hours apart, so OUT→IN matching is unambiguous.
        for (const station of transferStations) {
          let kg = receivedOther.get(station.facilityId) ?? 0;
          const loads = Math.max(1, Math.ceil(kg / (TRANSFER_TRUCK.capacityKg * 0.9)));
          const trucks = Array.from({ length: Math.ceil(loads / 3) }, (_, i) => transferPlate(station, copy, i));
          for (let load = 0; load < loads; load++) {
            const net = load === loads - 1 ? kg : Math.round(kg / (loads - load));
            kg -= net;
            if (net <= 0) continue;
            const plate = trucks[load % trucks.length] as string;
            const run = Math.floor(load / trucks.length);
            const outAt = toMinute(dayStart + ((6 + run * 6) * 60 + rng.int(0, 40)) * MINUTE_MS);
            const destination = rng.chance(0.04) ? byType('LANDFILL', copy) : byType('INCINERATOR', copy);
            const out = weigh({ facility: station, direction: 'OUT', plateNo: plate, category: 'OTHER', originStreet: null, originFacilityId: null, destinationFacilityId: destination.facilityId, netKg: net, weighedAt: outAt });
            const inbound = weigh({
              facility: destination, direction: 'IN', plateNo: plate, category: 'OTHER', originStreet: null,
              originFacilityId: station.facilityId, destinationFacilityId: null,
              netKg: Math.round(net * (1 - rng.real(0, 0.008))), weighedAt: toMinute(outAt + rng.int(40, 150) * MINUTE_MS),
            });
            transferPairs.push({ out, in: inbound });
          }
        }
      }
    }
  }

  function transferPlate(station: HhFacility, copy: number, index: number): string {
    const key = `${station.facilityId}#transfer#${copy}`;
    let fleet = fleetByStreetCategory.get(key);
    if (!fleet) {
      fleet = [];
      fleetByStreetCategory.set(key, fleet);
    }
    while (fleet.length <= index) {
      const plate = newPlate();
      tareByPlate.set(plate, TRANSFER_TRUCK.tareKg + rng.int(-200, 200));
      fleet.push(plate);
    }
    return fleet[index] as string;
  }

  // HH-CHAIN: the plant's IN is missing, or its net differs by more than 3 % (near misses 1.5–2.5 %).
  const chainCount = ctx.injectionCount('HH-CHAIN', transferPairs.length);
  const dropped = new Set<WeighTicket>();
  rng.sample(transferPairs, chainCount + ctx.nearMissCount(chainCount)).forEach((pair, i) => {
    truth.claim(`ticket:${pair.out.ticketNo}`);
    truth.claim(`ticket:${pair.in.ticketNo}`);
    const subject = { ticketNo: pair.out.ticketNo, plateNo: pair.out.plateNo, category: pair.out.category };
    if (i < chainCount && i % 3 === 0) {
      dropped.add(pair.in);
      truth.add('HH-CHAIN', subject, { kind: 'UNMATCHED', outNetKg: pair.out.netKg, destinationFacilityId: pair.out.destinationFacilityId });
      return;
    }
    const beyond = i < chainCount;
    const pct = beyond ? rng.real(0.04, 0.12) : rng.real(0.015, 0.025);
    pair.in.netKg = Math.round(pair.out.netKg * (1 - pct));
    pair.in.grossKg = pair.in.tareKg + pair.in.netKg;
    const gap = pair.out.netKg - pair.in.netKg;
    const detail = { kind: 'WEIGHT', outNetKg: pair.out.netKg, inNetKg: pair.in.netKg, inTicketNo: pair.in.ticketNo, gapPct: Number(((gap * 100) / pair.out.netKg).toFixed(2)) };
    if (beyond && gap * 100 > 3 * pair.out.netKg) truth.add('HH-CHAIN', subject, detail);
    else if (!beyond && gap * 100 <= 3 * pair.out.netKg) truth.nearMiss('HH-CHAIN', subject, detail);
  });
  // Trips of one plate on one day, in order (the matching bound: a truck delivers before it leaves again).
  const freePairs = () => transferPairs.filter((p) => !truth.isClaimed(`ticket:${p.out.ticketNo}`) && !truth.isClaimed(`ticket:${p.in.ticketNo}`));
  const sameDayRuns = (pair: (typeof transferPairs)[number]) => transferPairs
    .filter((p) => p.out.plateNo === pair.out.plateNo && cstDate(p.out.weighedAt) === cstDate(pair.out.weighedAt))
    .sort((a, b) => a.out.weighedAt - b.out.weighedAt);
  // HH-CHAIN, several runs of one plate in a day: the first run never arrives and the second leaves two
  // hours later, its IN within 4 h of the first OUT too; the first OUT is the unmatched one.
  const runPairs = freePairs().filter((p) => {
    const runs = sameDayRuns(p);
    const next = runs[runs.indexOf(p) + 1];
    return next !== undefined && !truth.isClaimed(`ticket:${next.out.ticketNo}`) && !truth.isClaimed(`ticket:${next.in.ticketNo}`);
  });
  for (const first of rng.sample(runPairs, Math.max(1, Math.round(chainCount / 3)))) {
    const runs = sameDayRuns(first);
    const second = runs[runs.indexOf(first) + 1]!;
    if ([first, second].some((p) => truth.isClaimed(`ticket:${p.out.ticketNo}`) || truth.isClaimed(`ticket:${p.in.ticketNo}`))) continue;
    [first.out, first.in, second.out, second.in].forEach((t) => truth.claim(`ticket:${t.ticketNo}`));
    second.out.weighedAt = toMinute(first.out.weighedAt + 2 * HOUR_MS);
    second.in.weighedAt = toMinute(second.out.weighedAt + rng.int(40, 60) * MINUTE_MS);
    dropped.add(first.in);
    truth.add('HH-CHAIN', { ticketNo: first.out.ticketNo, plateNo: first.out.plateNo, category: first.out.category }, { kind: 'UNMATCHED', outNetKg: first.out.netKg, nextRunOut: second.out.ticketNo, nextRunIn: second.in.ticketNo });
    truth.nearMiss('HH-CHAIN', { ticketNo: second.out.ticketNo, plateNo: second.out.plateNo, category: second.out.category }, { kind: 'SAME_DAY_NEXT_RUN', inTicketNo: second.in.ticketNo });
  }
  // Near misses: a plate's last run of the day leaves late at night and is weighed in after midnight (on
  // a month's last day, in the next month).
  const lastRuns = freePairs().filter((p) => sameDayRuns(p).at(-1) === p);
  const monthEnds = lastRuns.filter((p) => cstDate(p.out.weighedAt + DAY_MS).endsWith('-01'));
  for (const pair of [...rng.sample(monthEnds, 1), ...rng.sample(lastRuns.filter((p) => !monthEnds.includes(p)), ctx.nearMissCount(chainCount))]) {
    truth.claim(`ticket:${pair.out.ticketNo}`);
    truth.claim(`ticket:${pair.in.ticketNo}`);
    const dayStart = Date.parse(`${cstDate(pair.out.weighedAt)}T00:00:00+08:00`);
    pair.out.weighedAt = toMinute(dayStart + 23 * HOUR_MS + rng.int(0, 30) * MINUTE_MS);
    pair.in.weighedAt = toMinute(pair.out.weighedAt + rng.int(45, 90) * MINUTE_MS);
    pair.in.ticketNo = ticketNo(pair.in.facility, pair.in.weighedAt);
    truth.nearMiss('HH-CHAIN', { ticketNo: pair.out.ticketNo, plateNo: pair.out.plateNo, category: pair.out.category }, { kind: 'CROSS_MIDNIGHT', outAt: cstIso(pair.out.weighedAt), inAt: cstIso(pair.in.weighedAt), inTicketNo: pair.in.ticketNo });
  }
  // Near misses for HH-CHAIN, one problem one flag: the plant's IN ticket states a wrong net (gross and
  // tare are right: HH-NET's finding, the load arrived whole); the plant books the load as kitchen waste
  // (HH-CATEGORY's finding on the IN, the trip arrived). A relabel to a category the incinerator takes
  // (BULKY) is HH-CHAIN's own finding.
  const chainSubject = (pair: (typeof transferPairs)[number]) => ({ ticketNo: pair.out.ticketNo, plateNo: pair.out.plateNo, category: pair.out.category });
  const claimPair = (pair: (typeof transferPairs)[number]) => [pair.out, pair.in].forEach((t) => truth.claim(`ticket:${t.ticketNo}`));
  for (const pair of rng.sample(freePairs(), Math.max(1, ctx.nearMissCount(chainCount)))) {
    claimPair(pair);
    const statedNet = Math.round(pair.in.netKg * (1 - rng.real(0.05, 0.15)));
    truth.add('HH-NET', { ticketNo: pair.in.ticketNo }, { grossKg: pair.in.grossKg, tareKg: pair.in.tareKg, netKg: statedNet, expectedNetKg: pair.in.netKg });
    truth.nearMiss('HH-CHAIN', chainSubject(pair), { kind: 'WRONG_NET_ON_IN', inTicketNo: pair.in.ticketNo, statedNetKg: statedNet, weighedNetKg: pair.in.grossKg - pair.in.tareKg });
    pair.in.netKg = statedNet;
  }
  for (const pair of rng.sample(freePairs(), Math.max(1, ctx.nearMissCount(chainCount)))) {
    claimPair(pair);
    pair.in.category = 'KITCHEN';
    truth.add('HH-CATEGORY', { ticketNo: pair.in.ticketNo }, { category: 'KITCHEN', facilityId: pair.in.facility.facilityId, facilityType: pair.in.facility.type, relabelledFrom: pair.out.category });
    truth.nearMiss('HH-CHAIN', chainSubject(pair), { kind: 'RELABELLED_NOT_TAKEN', inTicketNo: pair.in.ticketNo, inCategory: 'KITCHEN' });
  }
  for (const pair of rng.sample(freePairs().filter((p) => p.in.facility.type === 'INCINERATOR'), Math.max(1, Math.round(chainCount / 3)))) {
    claimPair(pair);
    pair.in.category = 'BULKY';
    truth.add('HH-CHAIN', chainSubject(pair), { kind: 'RELABELLED', inTicketNo: pair.in.ticketNo, outCategory: pair.out.category, inCategory: 'BULKY' });
  }
  const keptTickets = tickets.filter((t) => !dropped.has(t));

  const streetTickets = keptTickets.filter((t) => t.originStreet !== null && !truth.isClaimed(`ticket:${t.ticketNo}`));
  // HH-CATEGORY: a kitchen-waste truck unloads at the incinerator.
  for (const t of rng.sample(streetTickets.filter((x) => x.category === 'KITCHEN'), ctx.injectionCount('HH-CATEGORY', streetTickets.length))) {
    truth.claim(`ticket:${t.ticketNo}`);
    const copy = Math.floor(facilities.indexOf(t.facility) / 7);
    t.facility = byType('INCINERATOR', copy);
    t.ticketNo = ticketNo(t.facility, t.weighedAt);
    truth.add('HH-CATEGORY', { ticketNo: t.ticketNo }, { category: t.category, facilityId: t.facility.facilityId, facilityType: t.facility.type });
  }
  // HH-NET: the stated tare does not match gross − net.
  for (const t of rng.sample(streetTickets.filter((x) => !truth.isClaimed(`ticket:${x.ticketNo}`)), ctx.injectionCount('HH-NET', streetTickets.length))) {
    truth.claim(`ticket:${t.ticketNo}`);
    t.tareKg += rng.int(50, 300);
    truth.add('HH-NET', { ticketNo: t.ticketNo }, { grossKg: t.grossKg, tareKg: t.tareKg, netKg: t.netKg, expectedNetKg: t.grossKg - t.tareKg });
  }
  // Cancelled duplicates of street deliveries (a clerk weighed twice): visible, excluded everywhere.
  for (const t of rng.sample(streetTickets.filter((x) => !truth.isClaimed(`ticket:${x.ticketNo}`)), Math.max(1, Math.round(streetTickets.length * 0.005)))) {
    const at = t.weighedAt + rng.int(1, 5) * MINUTE_MS;
    keptTickets.push({ ...t, ticketNo: ticketNo(t.facility, at), weighedAt: at, cancelledAt: at + rng.int(10, 90) * MINUTE_MS });
  }
  keptTickets.sort((a, b) => (a.ticketNo < b.ticketNo ? -1 : 1));

  // Recyclables recovered outside the garbage trucks (stations, smart machines, door-to-door), per street.
  const recyclables: RecyclablesRow[] = [];
  const materials: readonly (readonly [string, number])[] = [['PAPER', 0.45], ['PLASTIC', 0.2], ['METAL', 0.1], ['GLASS', 0.1], ['TEXTILE', 0.08], ['E_WASTE', 0.04], ['OTHER', 0.03]];
  for (const month of ctx.months) {
    const reportedAt = toMinute(cstMidnight(month, daysInMonth(month)) + DAY_MS + rng.int(2, 6) * DAY_MS + rng.int(9 * 60, 17 * 60) * MINUTE_MS);
    for (const street of streets) {
      const monthKg = (residentsByStreet.get(street) ?? 0) * 1.2 * 0.12 * daysInMonth(month);
      for (const [material, share] of materials) {
        for (const [channel, channelShare] of [['STATION', 0.6], ['SMART_MACHINE', 0.15], ['DOOR_TO_DOOR', 0.25]] as const) {
          const weightKg = Math.round(monthKg * share * channelShare * rng.real(0.8, 1.2));
          recyclables.push({ id: `R${ctx.tag}${monthKey(month).replace('-', '')}${String(streets.indexOf(street) + 1).padStart(2, '0')}${material.slice(0, 3)}${channel.slice(0, 2)}`, street, month, material, channel, weightKg, reportedAt });
        }
      }
    }
  }

  const data: HouseholdData = { facilities, communities, tickets: keptTickets, recyclables, residents, streams: { facilities: [], communities: [], 'weigh-tickets': [], recyclables: [] } };
  data.streams = buildStreams(ctx, rng.fork('records'), data);
  return data;
}

function plateAsWritten(plate: string, rng: Rng): string {
  if (!rng.chance(0.03)) return plate;
  return rng.chance(0.5) ? plate.toLowerCase() : `${plate.slice(0, 2)} ${plate.slice(2)}`;
}

function buildStreams(ctx: ScenarioContext, rng: Rng, data: HouseholdData): Record<HouseholdStream, VersionedRecord[]> {
  const stamp = (body: JsonRecord, at: number) => ({ at, body: { ...body, updatedAt: cstIso(at) } });
  const before = () => toMinute(ctx.start - rng.int(5, 400) * DAY_MS - rng.int(0, 1400) * MINUTE_MS);
  const tickets = data.tickets.map((t): VersionedRecord => {
    const body: JsonRecord = {
      // plates as some weighbridges type them: lower case or with a stray space
      ticketNo: t.ticketNo, facilityId: t.facility.facilityId, direction: t.direction, plateNo: plateAsWritten(t.plateNo, rng), category: t.category,
      originStreet: t.originStreet, originFacilityId: t.originFacilityId, destinationFacilityId: t.destinationFacilityId,
      grossKg: t.grossKg, tareKg: t.tareKg, netKg: t.netKg, weighedAt: cstIso(t.weighedAt), status: 'VALID',
    };
    const uploadedAt = t.weighedAt + rng.int(1, 10) * MINUTE_MS;
    const versions = [stamp(body, uploadedAt)];
    if (t.cancelledAt !== null) versions.push(stamp({ ...body, status: 'CANCELLED' }, Math.max(t.cancelledAt, uploadedAt + MINUTE_MS)));
    return { id: t.ticketNo, versions };
  });
  // Malformed tickets: extra records a connector must quarantine.
  const at = toMinute(ctx.start + (ctx.end - ctx.start) / 4);
  for (let i = 0; i < ctx.malformedCount(tickets.length); i++) {
    const template = rng.pick(tickets).versions[0]?.body as JsonRecord;
    const no = `MALFORMED-${ctx.tag}${String(i + 1).padStart(5, '0')}`;
    tickets.push({ id: no, versions: [stamp({ ...template, ticketNo: no, grossKg: '12,340', netKg: null }, at)] });
    ctx.truth.malformed.push({ source: 'household', stream: 'weigh-tickets', key: no, reason: 'grossKg is not an integer and netKg is missing' });
  }
  return {
    facilities: data.facilities.map((f) => ({ id: f.facilityId, versions: [stamp({ facilityId: f.facilityId, name: f.name, type: f.type, street: f.street, operatorUscc: f.operatorUscc, capacityTpd: f.capacityTpd }, before())] })),
    communities: data.communities.map((c) => ({ id: c.communityId, versions: [stamp({ communityId: c.communityId, name: c.name, street: c.street, households: c.households, residents: c.residents, sortedCollection: c.sortedCollection, hazardousCollection: c.hazardousCollection }, before())] })),
    'weigh-tickets': tickets,
    recyclables: data.recyclables.map((r) => ({ id: r.id, versions: [stamp({ id: r.id, street: r.street, month: monthKey(r.month), material: r.material, channel: r.channel, weightKg: r.weightKg }, r.reportedAt)] })),
  };
}
