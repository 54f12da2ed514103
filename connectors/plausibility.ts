/**
 * Form versus plausibility (DESIGN §5 DATA-QUALITY). A record that cannot be parsed or typed is
 * malformed and quarantined by its zod schema; a record that parses but states a value outside its
 * plausible range (a negative 贮存量, a mass no truck or plant could hold, a time after the record was
 * written) is stored as stated and carries a finding per field, which the DATA-QUALITY rule raises.
 *
 * Each layout declares its checks as a table beside its schema (connectors/<source>/streams.ts);
 * `typedMapper` applies the table to the parsed record and attaches the findings to the unified
 * documents it maps to, so every source goes through this one place.
 */
import type { MassMeasure } from '../src/model/periodReport';
import type { QualityFinding } from '../src/model/qualityFinding';

export type { QualityFinding };

/** One check of one field; `measure` names the model line the field feeds (rules then skip that line). */
export type PlausibilityCheck =
  /** a physical mass, stock or count cannot be negative */
  | { field: string; check: 'nonNegative'; measure?: MassMeasure }
  /** a value above `limit` (in the field's own unit) is beyond what the record could describe */
  | { field: string; check: 'atMost'; limit: number; unit: string; measure?: MassMeasure }
  /** a time, date or month that lies after another field's time (e.g. shipped after the record was last written) */
  | { field: string; check: 'notAfter'; than: string; measure?: undefined }
  /** a time, date or month that lies before another field's (received before shipped) */
  | { field: string; check: 'notBefore'; than: string; measure?: undefined };

export type PlausibilityTable = readonly PlausibilityCheck[];

/** Clock differences between the agency's servers that are not worth a steward's time. */
const CLOCK_SLACK_MS = 60 * 60_000;

/** A parsed time-like value → [start, end) in epoch ms: an ISO instant, a date (CST day) or a month (CST). */
export function timeSpan(value: unknown): { start: number; end: number } | null {
  if (typeof value !== 'string') return null;
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) {
    const start = Date.parse(`${month[1]}-${month[2]}-01T00:00:00+08:00`);
    const next = Number(month[2]) === 12 ? `${Number(month[1]) + 1}-01` : `${month[1]}-${String(Number(month[2]) + 1).padStart(2, '0')}`;
    return { start, end: Date.parse(`${next}-01T00:00:00+08:00`) };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00+08:00`);
    return { start, end: start + 86_400_000 };
  }
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? null : { start: instant, end: instant };
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Pure: the findings of a parsed record against its layout's table (empty fields are not checked). */
export function plausibilityFindings(table: PlausibilityTable, record: Readonly<Record<string, unknown>>): QualityFinding[] {
  const findings: QualityFinding[] = [];
  for (const entry of table) {
    const value = record[entry.field];
    if (value === null || value === undefined || value === '') continue;
    const measure = entry.measure ?? null;
    switch (entry.check) {
      case 'nonNegative':
        if (typeof value === 'string' && value.startsWith('-')) {
          findings.push({ field: entry.field, value: shown(value), measure, reason: `数值为负，不可能 / a negative value is impossible for ${entry.field}` });
        }
        break;
      case 'atMost':
        if (Number(value) > entry.limit) {
          findings.push({ field: entry.field, value: shown(value), measure, reason: `数值超出合理范围（上限 ${entry.limit} ${entry.unit}）/ above the plausible maximum of ${entry.limit} ${entry.unit}` });
        }
        break;
      case 'notAfter':
      case 'notBefore': {
        const own = timeSpan(value);
        const other = timeSpan(record[entry.than]);
        if (!own || !other) break;
        if (entry.check === 'notAfter' && own.start > other.end + CLOCK_SLACK_MS) {
          findings.push({ field: entry.field, value: shown(value), measure, reason: `时间晚于 ${entry.than}（${shown(record[entry.than])}），是未来时间 / later than ${entry.than} (${shown(record[entry.than])}): a time in the future` });
        }
        // a day or month ends where the next begins (exclusive end); instants get the clock slack
        const endsBefore = own.end === own.start ? own.end < other.start - CLOCK_SLACK_MS : own.end <= other.start;
        if (entry.check === 'notBefore' && endsBefore) {
          findings.push({ field: entry.field, value: shown(value), measure, reason: `时间早于 ${entry.than}（${shown(record[entry.than])}）/ earlier than ${entry.than} (${shown(record[entry.than])})` });
        }
        break;
      }
    }
  }
  return findings;
}
