/**
 * Flag exports for stewards (`hub flags export`): every flag matching the filter, read over one cursor
 * in key order and written as it is read, so memory stays flat however many flags match. Uses the same
 * filter as the API's `flags(filter)` and the same fields as its `Flag` type.
 *
 * - `json`: one JSON array, one flag object per line (valid JSON for any tool, and still line-oriented).
 * - `csv`: one row per flag with the subject, the evidence sides summarised into one column, and the
 *   resolution; header row always written, even when nothing matches.
 * Exports are an operator's tool and include payload references (the API hides them from partners).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CsvWriter } from '../exports/csv';
import { FlagModel, type FlagRecord, type FlagSide, type FlagStatus } from './flagModel';
import { flagQuery } from './flagQuery';
import { goldenValue } from './flags';

export interface FlagExportOptions {
  format: 'json' | 'csv';
  period?: string;
  rule?: string;
  status?: FlagStatus;
}

export const CSV_COLUMNS = [
  'key',
  'rule',
  'severity',
  'stream',
  'status',
  'subject_kind',
  'subject_key',
  'subject_label',
  'party_uscc',
  'street',
  'period',
  'sides',
  'difference',
  'tolerance',
  'message',
  'assignee',
  'resolution_kind',
  'resolution_value',
  'resolution_reason',
  'resolved_by',
  'golden_grams',
  'first_raised_at',
  'last_seen_at',
] as const;

/** A flag as the API's `Flag` type shows it: ids as strings, grams as decimal strings, dates ISO. */
export function flagForExport(flag: FlagRecord) {
  const grams = (g: number | null | undefined) => (g == null ? null : String(g));
  const golden = goldenValue(flag);
  return {
    id: flag._id.toHexString(),
    key: flag.key,
    rule: flag.rule,
    severity: flag.severity,
    stream: flag.stream,
    status: flag.status,
    subject: { kind: flag.subject.kind, key: flag.subject.key, label: flag.subject.label ?? null, partyUscc: flag.subject.partyUscc ?? null, street: flag.subject.street ?? null },
    period: flag.period,
    evidence: {
      sides: flag.evidence.sides.map((s) => ({
        source: s.source,
        stream: s.stream,
        label: s.label,
        value: s.value,
        unit: s.unit,
        grams: grams(s.grams),
        sourceRecordIds: s.sourceRecordIds,
        payloadRef: s.payloadRef ?? null,
      })),
      difference: flag.evidence.difference,
      differenceGrams: grams(flag.evidence.differenceGrams),
      tolerance: flag.evidence.tolerance,
      message: flag.evidence.message,
    },
    assignee: flag.assignee ?? null,
    resolution: flag.resolution ? { ...flag.resolution, correctedGrams: grams(flag.resolution.correctedGrams), at: flag.resolution.at.toISOString() } : null,
    goldenValue: golden ? { grams: grams(golden.grams), value: golden.value, unit: golden.unit, basis: golden.basis, source: golden.source } : null,
    comments: flag.comments.map((c) => ({ ...c, at: c.at.toISOString() })),
    history: flag.history.map((h) => ({ ...h, at: h.at.toISOString() })),
    firstRaisedAt: flag.firstRaisedAt.toISOString(),
    lastSeenAt: flag.lastSeenAt.toISOString(),
    closedByEngineAt: flag.closedByEngineAt ? flag.closedByEngineAt.toISOString() : null,
  };
}

/** `source label: value unit [record ids]` per side, sides joined by ` | `. */
function sidesSummary(sides: readonly FlagSide[]): string {
  return sides.map((s) => `${s.source} ${s.label}: ${s.value} ${s.unit}${s.sourceRecordIds.length ? ` [${s.sourceRecordIds.join(' ')}]` : ''}`).join(' | ');
}

export function flagCsvRow(flag: FlagRecord): Record<(typeof CSV_COLUMNS)[number], string> {
  const r = flag.resolution;
  const golden = goldenValue(flag);
  const side = r?.kind === 'ACCEPT_SIDE' && r.side != null ? flag.evidence.sides[r.side] : undefined;
  const resolutionValue = side
    ? `side ${r!.side} (${side.source}): ${side.value} ${side.unit}`
    : r?.kind === 'CORRECTED_VALUE'
      ? (r.correctedValue ? `${r.correctedValue} ${r.correctedUnit ?? ''}`.trim() : `${r.correctedGrams} g`)
      : '';
  return {
    key: flag.key,
    rule: flag.rule,
    severity: flag.severity,
    stream: flag.stream,
    status: flag.status,
    subject_kind: flag.subject.kind,
    subject_key: flag.subject.key,
    subject_label: flag.subject.label ?? '',
    party_uscc: flag.subject.partyUscc ?? '',
    street: flag.subject.street ?? '',
    period: flag.period,
    sides: sidesSummary(flag.evidence.sides),
    difference: flag.evidence.difference,
    tolerance: flag.evidence.tolerance,
    message: flag.evidence.message,
    assignee: flag.assignee ? `${flag.assignee.label} (${flag.assignee.id})` : '',
    resolution_kind: r?.kind ?? '',
    resolution_value: resolutionValue,
    resolution_reason: r?.reason ?? '',
    resolved_by: r ? `${r.by.label} (${r.by.id})` : '',
    golden_grams: golden?.grams == null ? '' : String(golden.grams),
    first_raised_at: flag.firstRaisedAt.toISOString(),
    last_seen_at: flag.lastSeenAt.toISOString(),
  };
}

/** Writes and waits when the destination asks (backpressure), so a slow file or pipe never buffers everything. */
async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Writes every flag matching the options to `out` and returns how many; does not end `out` (it may be
 * stdout). Throws BAD_USER_INPUT-coded FlagWorkflowError for a malformed period or status.
 */
export async function exportFlags(options: FlagExportOptions, out: Writable): Promise<{ count: number }> {
  const query = flagQuery({ period: options.period, rule: options.rule ? [options.rule] : null, status: options.status ? [options.status] : null });
  const cursor = FlagModel.find(query).sort({ key: 1 }).lean<FlagRecord>().cursor();
  let count = 0;
  if (options.format === 'csv') {
    const csv = new CsvWriter(out, CSV_COLUMNS);
    await csv.start();
    for await (const flag of cursor) await csv.row(flagCsvRow(flag));
    return { count: csv.rows };
  }
  await write(out, '[');
  for await (const flag of cursor) {
    await write(out, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(flagForExport(flag))}`);
    count += 1;
  }
  await write(out, count === 0 ? ']\n' : '\n]\n');
  return { count };
}
