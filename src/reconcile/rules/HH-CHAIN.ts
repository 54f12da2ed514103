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
import type { Types } from 'mongoose';
import { MovementModel } from '../../model/movement';
import { exceedsPct, kgText, movementSubject, pctText, quantitySide, roleGrams, side, type FacilityRef, type MovementRecord, type Rule } from './rule';

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

/** An IN ticket that may close an OUT: its matching fields, and what its evidence side shows. */
interface Candidate {
  ticket: ChainTicket;
  movement: Pick<MovementRecord, 'sourceKey' | 'to' | 'quantities' | 'sources'>;
}

function candidateOf(m: MovementRecord): Candidate {
  return { ticket: ticketOf(m), movement: { sourceKey: m.sourceKey, to: m.to, quantities: m.quantities, sources: m.sources } };
}

function nextMonth(month: string): string {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

function ticketOf(m: Pick<MovementRecord, 'sourceKey' | 'to' | 'vehicle' | 'category' | 'departedAt' | 'quantities'>): ChainTicket {
  return { ticketNo: m.sourceKey, facilityCode: m.to.facilityCode, plate: canonicalPlate(m.vehicle?.plate ?? ''), category: m.category, at: m.departedAt?.getTime() ?? 0, netGrams: roleGrams(m, 'NET')?.grams ?? null };
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
    const outs: MovementRecord[] = [];
    // the month's IN tickets, reduced to what matching and evidence need
    const ins: Candidate[] = [];
    const finish = async () => {
      if (outs.length === 0) return;
      // an OUT weighed in the month's last 4 h may arrive in the next month: read those INs too
      const monthEnd = Date.parse(`${nextMonth(period)}-01T00:00:00+08:00`);
      const late = outs.filter((o) => o.departedAt!.getTime() + CHAIN_WINDOW_MS >= monthEnd);
      if (late.length > 0) {
        const found = await MovementModel.find({ kind: 'WEIGH_TICKET', period: nextMonth(period), direction: 'IN', 'vehicle.plate': { $in: [...new Set(late.map((o) => o.vehicle!.plate))] }, departedAt: { $lte: new Date(monthEnd + CHAIN_WINDOW_MS) } })
          .select({ sourceKey: 1, status: 1, to: 1, vehicle: 1, category: 1, departedAt: 1, quantities: 1, sources: 1 })
          .lean<MovementRecord[]>();
        for (const m of found) if (m.status !== 'VOIDED') ins.push(candidateOf(m));
      }
      const byPlate = new Map<string, Candidate[]>();
      for (const c of ins) {
        const list = byPlate.get(c.ticket.plate) ?? [];
        list.push(c);
        byPlate.set(c.ticket.plate, list);
      }
      for (const out of outs) {
        const outTicket = { ...ticketOf(out), destination: out.to.facilityCode };
        const candidates = byPlate.get(outTicket.plate) ?? [];
        const match = matchChain(outTicket, candidates.map((c) => c.ticket));
        const verdict = compareChain({ outNetGrams: outTicket.netGrams, inNetGrams: match?.netGrams ?? null, matched: match !== null }, settings.tolerance);
        if (!verdict) continue;
        const inMovement = match ? candidates.find((c) => c.ticket === match)!.movement : null;
        const station = facilities?.get(`household:${out.from.facilityCode}`);
        const outNet = roleGrams(out, 'NET');
        const inNet = inMovement ? roleGrams(inMovement, 'NET') : null;
        const difference = verdict.kind === 'UNMATCHED' ? `no IN ticket at ${out.to.facilityCode ?? '?'} within 4 h` : `${kgText(verdict.differenceGrams)} (${pctText(inNet!.grams, outNet!.grams, outNet!.grams)})`;
        const records: Types.ObjectId[] = inMovement ? inMovement.sources : [];
        await emit({
          rule: 'HH-CHAIN',
          severity: settings.severity,
          stream: 'household',
          period,
          subject: movementSubject(out, `称重单 ${out.sourceKey} ${outTicket.plate} ${out.category ?? ''}`, null, station?.street ?? null),
          evidence: {
            sides: [
              quantitySide('household', `transfer OUT ${out.sourceKey} at ${out.from.facilityCode ?? '?'} (netKg)`, outNet, 'kg'),
              inMovement ? quantitySide('household', `plant IN ${inMovement.sourceKey} at ${inMovement.to.facilityCode ?? '?'} (netKg)`, inNet, 'kg') : side({ source: 'household', label: `plant IN at ${out.to.facilityCode ?? '?'}`, value: 'missing', unit: 'kg', records }),
            ],
            difference,
            differenceGrams: verdict.kind === 'GAP' ? verdict.differenceGrams : null,
            tolerance: `${settings.tolerance} %`,
            message: `transfer ${out.sourceKey} (${outTicket.plate}, ${out.category ?? '?'}) → ${out.to.facilityCode ?? '?'}: ${difference}`,
          },
        });
      }
    };
    return {
      async visit(m) {
        if (m.status === 'VOIDED' || !m.vehicle?.plate || !m.departedAt) return;
        if (m.direction === 'IN') {
          ins.push(candidateOf(m));
          return;
        }
        if (m.direction !== 'OUT' || !m.from.facilityCode) return;
        facilities ??= await refs.facilities();
        if (facilities.get(`household:${m.from.facilityCode}`)?.type !== 'TRANSFER_STATION') return;
        outs.push(m);
      },
      finish,
    };
  },
};
