/**
 * HH-CHAIN — garbage that left a transfer station and did not arrive whole (DESIGN §5): each OUT ticket
 * at a TRANSFER_STATION against the IN ticket at its destination — same plate (spaces and case
 * ignored), same category, weighed within 4 h after the OUT and before the plate's next OUT — keyed by the
 * OUT ticket no. Each IN serves one OUT. An OUT left without such an IN takes, in a second pass, the
 * plate's IN at its destination in the same window under another category (the load arrived, relabelled).
 * Flagged: no IN at all (UNMATCHED: the load did not arrive); IN weight off the OUT weight by more than
 * 3 % of the OUT weight (exactly 3 % is inside); an IN relabelled to a category its plant does take
 * (RELABELLED). An OUT late in the month is matched with the next month's INs.
 * Weights compared: gross − tare of each ticket (what the weighbridge measured) when both are stated,
 * else the stated net. So a ticket whose stated net is a typo (HH-NET's finding) raises no second flag
 * here, while a load that really shrank between the bridges is still found: a steward acts on the typo
 * at HH-NET and on a lost load here, and skipping such tickets would hide the second.
 * Unknown: an OUT that names no destination is matched at any facility; a missing weight leaves
 * nothing to compare, no flag.
 * Not a finding: cancelled tickets (on either side); an IN with no OUT (collection trucks, or an OUT
 * in the previous month, which that month's run matched); OUTs from facilities that are not transfer
 * stations; an IN relabelled to a category its plant does not take: that is HH-CATEGORY's one flag
 * (mixed loading), the trip itself arrived.
 *
 * Join in code over the month's shared scan: OUT tickets at transfer stations and the month's IN tickets
 * (reduced to their matching fields and evidence) are both collected as the scan goes, then matched;
 * only OUTs weighed in the month's last 4 h read the next month's tickets, with one `$in` on plates.
 */
import { MovementModel } from '../../model/movement';
import { formatGramsAsKg } from '../../model/quantities';
import type { FlagSide } from '../flagModel';
import { compareHhCategory } from './HH-CATEGORY';
import { exceedsPct, idsOf, kgText, pctText, roleGrams, side, stewardMessage, type FacilityRef, type MovementRecord, type Rule } from './rule';

export const CHAIN_WINDOW_MS = 4 * 3_600_000;

export interface ChainTicket {
  ticketNo: string;
  facilityCode: string | null;
  plate: string;
  category: string | null;
  at: number;
  netGrams: number | null;
}

/**
 * Pure: each OUT's IN, one to one. OUTs are taken in time order; an OUT's IN is the first not yet taken
 * at its destination (any facility when the OUT names none) with the same plate and category, weighed
 * within the window after it and before the plate's next OUT (a truck delivers before it leaves a
 * station again). So with several trips of one plate in a day, a trip whose IN is missing is the one
 * found unmatched, not a later trip whose IN it would otherwise borrow.
 */
export function matchChains<T extends ChainTicket>(outs: readonly (T & { destination: string | null })[], ins: readonly T[], otherOutTimes: readonly { plate: string; at: number }[] = []): Map<string, T | null> {
  const sorted = [...outs].sort((a, b) => a.at - b.at || (a.ticketNo < b.ticketNo ? -1 : 1));
  const departures = new Map<string, number[]>();
  for (const o of [...outs, ...otherOutTimes]) {
    const list = departures.get(o.plate) ?? [];
    list.push(o.at);
    departures.set(o.plate, list);
  }
  for (const list of departures.values()) list.sort((a, b) => a - b);
  const taken = new Set<T>();
  const matches = new Map<string, T | null>();
  // first every OUT with an IN of its own category; then the OUTs left take a relabelled IN
  for (const sameCategory of [true, false]) {
    for (const out of sorted) {
      if (matches.get(out.ticketNo)) continue;
      const nextOut = departures.get(out.plate)?.find((at) => at > out.at) ?? Infinity;
      let best: T | null = null;
      for (const c of ins) {
        if (taken.has(c) || c.plate !== out.plate || (c.category === out.category) !== sameCategory) continue;
        if (out.destination !== null && c.facilityCode !== out.destination) continue;
        if (c.at < out.at || c.at - out.at > CHAIN_WINDOW_MS || c.at >= nextOut) continue;
        if (!best || c.at < best.at || (c.at === best.at && c.ticketNo < best.ticketNo)) best = c;
      }
      if (best) taken.add(best);
      matches.set(out.ticketNo, best);
    }
  }
  return matches;
}

/**
 * Pure: unmatched; or the IN weight off the OUT weight by more than the tolerance; or an IN relabelled to
 * a category its plant takes (`relabelled`; one the plant does not take is HH-CATEGORY's, so the caller
 * passes false). One flag per OUT: a gap is reported before a relabel.
 */
export function compareChain(input: { outNetGrams: number | null; inNetGrams: number | null; matched: boolean; relabelled?: boolean }, tolerancePct: number): { kind: 'UNMATCHED' } | { kind: 'GAP'; differenceGrams: number } | { kind: 'RELABELLED' } | null {
  if (!input.matched) return { kind: 'UNMATCHED' };
  if (input.outNetGrams !== null && input.inNetGrams !== null && exceedsPct(input.inNetGrams, input.outNetGrams, input.outNetGrams, tolerancePct)) {
    return { kind: 'GAP', differenceGrams: input.inNetGrams - input.outNetGrams };
  }
  return input.relabelled ? { kind: 'RELABELLED' } : null;
}

const canonicalPlate = (plate: string) => plate.replace(/\s+/g, '').toUpperCase();

/**
 * What the rule keeps of a weigh ticket while the month's scan goes on, in plain values (the month's
 * tickets are held until it ends): its matching fields, its ends, and its NET weighing as evidence.
 */
interface TicketRow extends ChainTicket {
  /** the plate as stored (`plate` is canonical), to query by */
  rawPlate: string;
  from: string | null;
  destination: string | null;
  /** the NET weight as its one source stated it in kg, shown verbatim in evidence (null when weighed) */
  netStated: string | null;
  /** `netGrams` is gross − tare (true), or the stated net */
  netWeighed: boolean;
  netRecords: string[];
}

/** Pure: gross − tare when both are stated (the weighbridge's own reading), else the stated net. */
export function weighedNetGrams(input: { grossGrams: number | null; tareGrams: number | null; netGrams: number | null }): number | null {
  return input.grossGrams !== null && input.tareGrams !== null ? input.grossGrams - input.tareGrams : input.netGrams;
}

function ticketRow(m: MovementRecord): TicketRow {
  const net = m.quantities.filter((q) => q.role === 'NET');
  const only = net.length === 1 ? net[0]! : null;
  const gross = roleGrams(m, 'GROSS');
  const tare = roleGrams(m, 'TARE');
  const netWeighed = gross !== null && tare !== null;
  return {
    ticketNo: m.sourceKey,
    facilityCode: m.to.facilityCode,
    plate: canonicalPlate(m.vehicle?.plate ?? ''),
    category: m.category,
    at: m.departedAt?.getTime() ?? 0,
    netGrams: weighedNetGrams({ grossGrams: gross?.grams ?? null, tareGrams: tare?.grams ?? null, netGrams: roleGrams(m, 'NET')?.grams ?? null }),
    rawPlate: m.vehicle?.plate ?? '',
    from: m.from.facilityCode,
    destination: m.to.facilityCode,
    netStated: !netWeighed && only && only.original.unit === 'kg' ? only.original.value : null,
    netWeighed,
    netRecords: idsOf((netWeighed ? [...gross.quantities, ...tare.quantities] : net).map((q) => q.sourceRecordId)),
  };
}

/** The ticket's NET side of the evidence (as `quantitySide` shows a stated quantity). */
function netSide(label: string, ticket: TicketRow | null): FlagSide {
  if (!ticket || ticket.netGrams === null) return side({ source: 'household', label: `${label} (netKg)`, value: 'missing', unit: 'kg', grams: null, records: [] });
  return side({ source: 'household', label: `${label} (${ticket.netWeighed ? 'grossKg − tareKg' : 'netKg'})`, value: ticket.netStated ?? formatGramsAsKg(ticket.netGrams), unit: 'kg', grams: ticket.netGrams, records: ticket.netRecords });
}

function nextMonth(month: string): string {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

export const hhChain: Rule = {
  id: 'HH-CHAIN',
  title: 'transfer-station OUT vs plant IN',
  stream: 'household',
  subjectKind: 'MOVEMENT',
  key: 'OUT ticket no. (plate + category + 4 h window)',
  reads: ['movements', 'facilities'],
  kinds: { movements: ['WEIGH_TICKET'] },
  toleranceUnit: '%',
  defaults: { tolerance: 3, severity: 'MEDIUM' },
  scan: { kind: 'WEIGH_TICKET' },
  evaluate({ period, settings, refs }, emit) {
    let facilities: ReadonlyMap<string, FacilityRef> | null = null;
    const outs: TicketRow[] = [];
    const ins: TicketRow[] = [];
    // OUTs not from a transfer station (and next month's): they only bound a plate's trips
    const otherOuts: { plate: string; at: number }[] = [];
    const finish = async () => {
      if (outs.length === 0) return;
      // an OUT weighed in the month's last 4 h may arrive in the next month: read those INs too
      const monthEnd = Date.parse(`${nextMonth(period)}-01T00:00:00+08:00`);
      const late = outs.filter((o) => o.at + CHAIN_WINDOW_MS >= monthEnd);
      if (late.length > 0) {
        // the next month's OUTs of those plates too: they end the window of an OUT late in this month.
        // A ticket's month is its weighing's (CST), so the next month's start bounds the window from
        // below and {vehicle.plate, departedAt} serves it; the period is checked here
        const found = await MovementModel.find({
          kind: 'WEIGH_TICKET',
          'vehicle.plate': { $in: [...new Set(late.map((o) => o.rawPlate))] },
          departedAt: { $gte: new Date(monthEnd), $lte: new Date(monthEnd + CHAIN_WINDOW_MS) },
        })
          .select({ sourceKey: 1, status: 1, period: 1, from: 1, to: 1, vehicle: 1, category: 1, direction: 1, departedAt: 1, quantities: 1 })
          .lean<MovementRecord[]>();
        for (const m of found) {
          if (m.period !== nextMonth(period) || m.status === 'VOIDED' || !m.departedAt) continue;
          if (m.direction === 'IN') ins.push(ticketRow(m));
          else if (m.direction === 'OUT') otherOuts.push({ plate: canonicalPlate(m.vehicle?.plate ?? ''), at: m.departedAt.getTime() });
        }
      }
      const matches = matchChains(outs, ins, otherOuts);
      for (const out of outs) {
        const match = matches.get(out.ticketNo) ?? null;
        // a relabel to a category the plant does not take is HH-CATEGORY's flag on the IN ticket
        const plantType = match ? (facilities?.get(`household:${match.facilityCode}`)?.type ?? null) : null;
        const relabelled = match !== null && match.category !== out.category && !compareHhCategory({ category: match.category, facilityType: plantType });
        const verdict = compareChain({ outNetGrams: out.netGrams, inNetGrams: match?.netGrams ?? null, matched: match !== null, relabelled }, settings.tolerance);
        if (!verdict) continue;
        const station = facilities?.get(`household:${out.from}`);
        const difference =
          verdict.kind === 'UNMATCHED' ? `no IN ticket at ${out.destination ?? 'any facility'} within 4 h`
          : verdict.kind === 'RELABELLED' ? `category ${out.category ?? '?'} at OUT, ${match!.category ?? '?'} at IN ${match!.ticketNo}`
          : `${kgText(verdict.differenceGrams)} (${pctText(match!.netGrams!, out.netGrams!, out.netGrams!)})`;
        await emit({
          rule: 'HH-CHAIN',
          severity: settings.severity,
          stream: 'household',
          period,
          subject: { kind: 'MOVEMENT', key: out.ticketNo, label: `称重单 ${out.ticketNo} ${out.plate} ${out.category ?? ''}`, partyUscc: null, street: station?.street ?? null },
          evidence: {
            sides: [
              netSide(`transfer OUT ${out.ticketNo} at ${out.from ?? '?'}`, out),
              match ? netSide(`plant IN ${match.ticketNo} at ${match.destination ?? '?'} (${match.category ?? '?'})`, match) : side({ source: 'household', label: `plant IN at ${out.destination ?? '?'}`, value: 'missing', unit: 'kg', records: [] }),
            ],
            difference,
            differenceGrams: verdict.kind === 'GAP' ? verdict.differenceGrams : null,
            tolerance: `${settings.tolerance} %`,
            message:
              verdict.kind === 'UNMATCHED'
                ? stewardMessage(
                    `转运站出站称重单 ${out.ticketNo}（${out.plate}，${out.category ?? '?'}）在 ${out.destination ?? '任何设施'} 4 小时内无对应进场称重`,
                    `transfer ${out.ticketNo} (${out.plate}, ${out.category ?? '?'}) has no IN ticket at ${out.destination ?? 'any facility'} within 4 h: the load did not arrive`,
                  )
                : verdict.kind === 'RELABELLED'
                  ? stewardMessage(
                      `转运站出站称重单 ${out.ticketNo}（${out.plate}）出站为 ${out.category ?? '?'}，进场称重单 ${match!.ticketNo} 记为 ${match!.category ?? '?'}（途中改类别）`,
                      `transfer ${out.ticketNo} (${out.plate}) left as ${out.category ?? '?'} but IN ${match!.ticketNo} booked it as ${match!.category ?? '?'}: relabelled on the way`,
                    )
                  : stewardMessage(
                      `转运站出站称重单 ${out.ticketNo}（${out.plate}，${out.category ?? '?'}）与 ${match!.ticketNo} 进场净重相差 ${difference}，超过 ${settings.tolerance}%`,
                      `transfer ${out.ticketNo} (${out.plate}, ${out.category ?? '?'}) → ${out.destination ?? '?'}: IN ${match!.ticketNo} net differs by ${difference}, more than ${settings.tolerance} %`,
                    ),
          },
        });
      }
    };
    return {
      async visit(m) {
        if (m.status === 'VOIDED' || !m.vehicle?.plate || !m.departedAt) return;
        if (m.direction === 'IN') {
          ins.push(ticketRow(m));
          return;
        }
        if (m.direction !== 'OUT') return;
        facilities ??= await refs.facilities();
        if (!m.from.facilityCode || facilities.get(`household:${m.from.facilityCode}`)?.type !== 'TRANSFER_STATION') {
          otherOuts.push({ plate: canonicalPlate(m.vehicle.plate), at: m.departedAt.getTime() });
          return;
        }
        outs.push(ticketRow(m));
      },
      finish,
    };
  },
};
