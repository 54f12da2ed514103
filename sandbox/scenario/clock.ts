/** Scenario time: everything is China Standard Time (UTC+8); instants are epoch milliseconds. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const CST_OFFSET_MS = 8 * HOUR_MS;

export interface MonthRef {
  year: number;
  /** 1–12 */
  month: number;
}

export function parseMonth(text: string): MonthRef {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`month must be YYYY-MM, got ${text}`);
  const month = Number(match[2]);
  if (month < 1 || month > 12) throw new Error(`month out of range: ${text}`);
  return { year: Number(match[1]), month };
}

export function addMonths(ref: MonthRef, count: number): MonthRef {
  const index = ref.year * 12 + (ref.month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** `YYYY-MM` */
export function monthKey(ref: MonthRef): string {
  return `${ref.year}-${String(ref.month).padStart(2, '0')}`;
}

/** `YYYYMM`, the industrial platform's `ny` */
export function monthCompact(ref: MonthRef): string {
  return `${ref.year}${String(ref.month).padStart(2, '0')}`;
}

export function quarterKey(ref: MonthRef): string {
  return `${ref.year}Q${Math.floor((ref.month - 1) / 3) + 1}`;
}

export function daysInMonth(ref: MonthRef): number {
  return new Date(Date.UTC(ref.year, ref.month, 0)).getUTCDate();
}

/** The instant of local (CST) midnight starting the given day of the month. */
export function cstMidnight(ref: MonthRef, day = 1): number {
  return Date.UTC(ref.year, ref.month - 1, day) - CST_OFFSET_MS;
}

function parts(ms: number): { date: string; time: string } {
  const shifted = new Date(ms + CST_OFFSET_MS).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 19) };
}

/** `2026-11-03T08:15:00+08:00` (JSON sources) */
export function cstIso(ms: number): string {
  const { date, time } = parts(ms);
  return `${date}T${time}+08:00`;
}

/** `2026-11-03 08:15:00` (CSV / XLSX sources, +08:00 implied) */
export function cstLocal(ms: number): string {
  const { date, time } = parts(ms);
  return `${date} ${time}`;
}

/** `2026-11-03` */
export function cstDate(ms: number): string {
  return parts(ms).date;
}

/** Parses an ISO time with offset, or a local CST `YYYY-MM-DD[ HH:mm:ss]`. */
export function parseCst(text: string): number {
  if (/[+-]\d{2}:\d{2}$|Z$/.test(text)) return Date.parse(text);
  const [date, time = '00:00:00'] = text.trim().split(/[ T]/);
  return Date.parse(`${date}T${time}+08:00`);
}

/** Rounds an instant down to a whole minute (weighbridges and forms record minutes). */
export function toMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}
