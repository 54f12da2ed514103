/**
 * HW-LATE — is a hazardous-waste shipment overdue? (转移联单 在途超时, DESIGN §5)
 *
 * A manifest still open or in transit (zt 10/20) more than 5 days after it was shipped (ycsj), as of the
 * run's `asOf`, keyed by manifest number. Exactly 5 days is not late.
 *
 * Unknown, so no finding: a manifest without a shipping time (opened, not yet shipped).
 * Not a finding: a voided manifest (zt 90); a manifest whose receiver has stated a 接收量 or a 接收时间
 * even though its status code was not advanced (the waste arrived).
 */
import { cstDateTime, movementSubject, periodEnd, side, usccKey, type Rule } from './rule';

const DAY_MS = 86_400_000;

export interface HwLateInput {
  status: string;
  departedAt: Date | null;
  asOf: Date;
  /** the receiver stated a 接收量 or 接收时间: the waste arrived, whatever the status code */
  receiptStated?: boolean;
}

/** Pure: the time in transit when it exceeds `toleranceDays`, else null. */
export function compareHwLate(input: HwLateInput, toleranceDays: number): { inTransitMs: number } | null {
  if ((input.status !== 'OPEN' && input.status !== 'IN_TRANSIT') || input.receiptStated) return null;
  if (!input.departedAt) return null;
  const inTransitMs = input.asOf.getTime() - input.departedAt.getTime();
  return inTransitMs > toleranceDays * DAY_MS ? { inTransitMs } : null;
}

export function durationText(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export const hwLate: Rule = {
  id: 'HW-LATE',
  title: 'manifest not received',
  stream: 'industrial',
  subjectKind: 'MOVEMENT',
  key: 'manifest no. (ldbh)',
  reads: ['movements', 'parties'],
  kinds: { movements: ['HW_MANIFEST'] },
  toleranceUnit: 'd',
  defaults: { tolerance: 5, severity: 'HIGH' },
  scan: { kind: 'HW_MANIFEST' },
  timeDependent: true,
  // a manifest of the period shipped before its end: late or not once `tolerance` days have passed
  settlesAt: (period, settings) => new Date(periodEnd(period).getTime() + settings.tolerance * DAY_MS),
  evaluate({ period, settings, refs, asOf }, emit) {
    return {
      async visit(m) {
        const receiptStated = m.arrivedAt !== null || m.quantities.some((q) => q.role === 'RECEIVED');
        const verdict = compareHwLate({ status: m.status, departedAt: m.departedAt, asOf, receiptStated }, settings.tolerance);
        if (!verdict) return;
        const uscc = usccKey(m.from.party?.uscc);
        const street = uscc ? ((await refs.partyStreets()).get(uscc) ?? null) : null;
        // Evidence must not change with the clock alone: a later run would otherwise see "changed data" and
        // re-open a flag a steward acknowledged. So it states the shipping time and the limit, not the age.
        await emit({
          rule: 'HW-LATE',
          severity: settings.severity,
          stream: 'industrial',
          period,
          subject: movementSubject(m, `转移联单 ${m.sourceKey}`, uscc, street),
          evidence: {
            sides: [
              side({ source: 'industrial', label: 'manifest 移出时间 (ycsj)', value: cstDateTime(m.departedAt!), unit: 'datetime', records: m.sources }),
              side({ source: 'industrial', label: 'manifest 状态 (zt)', value: m.statusRaw ?? m.status, unit: 'status', records: m.sources }),
            ],
            difference: `in transit more than ${settings.tolerance} d`,
            tolerance: `${settings.tolerance} d`,
            message: `转移联单 ${m.sourceKey} 于 ${cstDateTime(m.departedAt!)} 移出，超过 ${settings.tolerance} 天仍未接收 / manifest ${m.sourceKey} shipped ${cstDateTime(m.departedAt!)} is not received more than ${settings.tolerance} days later`,
          },
        });
      },
      async finish() {},
    };
  },
};
