/**
 * HH-CHAIN — a transfer station's OUT against the plant's IN (DESIGN §5): for each OUT ticket at a
 * TRANSFER_STATION, the first IN ticket at its destination with the same plate and category weighed
 * within 4 h after; none, or nets differing by more than 3 % of the OUT net, is flagged. Keyed by the
 * OUT ticket no. (DESIGN: plate + category + time window; the OUT ticket names that window uniquely).
 *
 * Join in code over the month's shared scan: OUT tickets at transfer stations and the month's IN tickets
 * (reduced to their matching fields and evidence) are both collected as the scan goes, then matched by
 * plate; only OUTs weighed in the month's last 4 h read the next month's INs, with one `$in` on plates.
 */
import { MovementModel } from '../../model/movement';
import { formatGramsAsKg } from '../../model/quantities';
import type { FlagSide } from '../flagModel';
import { exceedsPct, idsOf, kgText, pctText, roleGrams, side, type FacilityRef, type MovementRecord, type Rule } from './rule';

export const CHAIN_WINDOW_MS = 4 * 3_600_000;

export interface ChainTicket {
  ticketNo: string;
  facilityCode: string | null;
  plate: string;
  category: string | null;
  at: number;
  netGrams: number | null;
}

/** Pure: the matching IN for an OUT (first at the destination, same plate and category, within the window). */
export function matchChain(out: ChainTicket & { destination: string | null }, candidates: readonly ChainTicket[]): ChainTicket | null {
  let best: ChainTicket | null = null;
  for (const c of candidates) {
    if (c.facilityCode !== out.destination || c.plate !== out.plate || c.category !== out.category) continue;
    if (c.at < out.at || c.at - out.at > CHAIN_WINDOW_MS) continue;
    if (!best || c.at < best.at || (c.at === best.at && c.ticketNo < best.ticketNo)) best = c;
  }
  return best;
}

/** Pure: unmatched, or the IN net off the OUT net by more than the tolerance. */
export function compareChain(input: { outNetGrams: number | null; inNetGrams: number | null; matched: boolean }, tolerancePct: number): { kind: 'UNMATCHED' } | { kind: 'GAP'; differenceGrams: number } | null {
  if (!input.matched) return { kind: 'UNMATCHED' };
  if (input.outNetGrams === null || input.inNetGrams === null) return null;
  if (!exceedsPct(input.inNetGrams, input.outNetGrams, input.outNetGrams, tolerancePct)) return null;
  return { kind: 'GAP', differenceGrams: input.inNetGrams - input.outNetGrams };
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
  /** the NET weight as its one source stated it in kg, shown verbatim in evidence */
  netStated: string | null;
  netRecords: string[];
}

function ticketRow(m: MovementRecord): TicketRow {
  const net = m.quantities.filter((q) => q.role === 'NET');
  const only = net.length === 1 ? net[0]! : null;
  return {
    ticketNo: m.sourceKey,
    facilityCode: m.to.facilityCode,
    plate: canonicalPlate(m.vehicle?.plate ?? ''),
    category: m.category,
    at: m.departedAt?.getTime() ?? 0,
    netGrams: roleGrams(m, 'NET')?.grams ?? null,
    rawPlate: m.vehicle?.plate ?? '',
    from: m.from.facilityCode,
    destination: m.to.facilityCode,
    netStated: only && only.original.unit === 'kg' ? only.original.value : null,
    netRecords: idsOf(net.map((q) => q.sourceRecordId)),
  };
}

/** The ticket's NET side of the evidence (as `quantitySide` shows a stated quantity). */
function netSide(label: string, ticket: TicketRow | null): FlagSide {
  if (!ticket || ticket.netGrams === null) return side({ source: 'household', label, value: 'missing', unit: 'kg', grams: null, records: [] });
  return side({ source: 'household', label, value: ticket.netStated ?? formatGramsAsKg(ticket.netGrams), unit: 'kg', grams: ticket.netGrams, records: ticket.netRecords });
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
  toleranceUnit: '%',
  defaults: { tolerance: 3, severity: 'MEDIUM' },
  scan: { kind: 'WEIGH_TICKET' },
  evaluate({ period, settings, refs }, emit) {
    let facilities: ReadonlyMap<string, FacilityRef> | null = null;
    const outs: TicketRow[] = [];
    const ins: TicketRow[] = [];
    const finish = async () => {
      if (outs.length === 0) return;
      // an OUT weighed in the month's last 4 h may arrive in the next month: read those INs too
      const monthEnd = Date.parse(`${nextMonth(period)}-01T00:00:00+08:00`);
      const late = outs.filter((o) => o.at + CHAIN_WINDOW_MS >= monthEnd);
      if (late.length > 0) {
        const found = await MovementModel.find({ kind: 'WEIGH_TICKET', period: nextMonth(period), direction: 'IN', 'vehicle.plate': { $in: [...new Set(late.map((o) => o.rawPlate))] }, departedAt: { $lte: new Date(monthEnd + CHAIN_WINDOW_MS) } })
          .select({ sourceKey: 1, status: 1, from: 1, to: 1, vehicle: 1, category: 1, departedAt: 1, quantities: 1 })
          .lean<MovementRecord[]>();
        for (const m of found) if (m.status !== 'VOIDED') ins.push(ticketRow(m));
      }
      const byPlate = new Map<string, TicketRow[]>();
      for (const t of ins) {
        const list = byPlate.get(t.plate) ?? [];
        list.push(t);
        byPlate.set(t.plate, list);
      }
      for (const out of outs) {
        const match = matchChain(out, byPlate.get(out.plate) ?? []) as TicketRow | null;
        const verdict = compareChain({ outNetGrams: out.netGrams, inNetGrams: match?.netGrams ?? null, matched: match !== null }, settings.tolerance);
        if (!verdict) continue;
        const station = facilities?.get(`household:${out.from}`);
        const difference = verdict.kind === 'UNMATCHED' ? `no IN ticket at ${out.destination ?? '?'} within 4 h` : `${kgText(verdict.differenceGrams)} (${pctText(match!.netGrams!, out.netGrams!, out.netGrams!)})`;
        await emit({
          rule: 'HH-CHAIN',
          severity: settings.severity,
          stream: 'household',
          period,
          subject: { kind: 'MOVEMENT', key: out.ticketNo, label: `称重单 ${out.ticketNo} ${out.plate} ${out.category ?? ''}`, partyUscc: null, street: station?.street ?? null },
          evidence: {
            sides: [
              netSide(`transfer OUT ${out.ticketNo} at ${out.from ?? '?'} (netKg)`, out),
              match ? netSide(`plant IN ${match.ticketNo} at ${match.destination ?? '?'} (netKg)`, match) : side({ source: 'household', label: `plant IN at ${out.destination ?? '?'}`, value: 'missing', unit: 'kg', records: [] }),
            ],
            difference,
            differenceGrams: verdict.kind === 'GAP' ? verdict.differenceGrams : null,
            tolerance: `${settings.tolerance} %`,
            message: `transfer ${out.ticketNo} (${out.plate}, ${out.category ?? '?'}) → ${out.destination ?? '?'}: ${difference}`,
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
        if (m.direction !== 'OUT' || !m.from.facilityCode) return;
        facilities ??= await refs.facilities();
        if (facilities.get(`household:${m.from.facilityCode}`)?.type !== 'TRANSFER_STATION') return;
        outs.push(ticketRow(m));
      },
      finish,
    };
  },
};
