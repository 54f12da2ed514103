/**
 * DATA-QUALITY — a record that parses but states something implausible (DESIGN §5). The record is stored
 * as stated (it is not quarantined, so every other rule still sees it); this rule raises one flag per
 * record and field, naming the field, the value and why it cannot be right:
 * - the plausibility findings each layout's table attached at mapping time (connectors/plausibility.ts):
 *   a negative mass or stock, a mass beyond what the record could describe, a time after the record was
 *   written or a receipt before its shipment — on general and HW ledgers, HW manifests, tax declarations
 *   and the annual statistics;
 * - a general-ledger row with no waste code whose free-text name (fwmc) resolves to no catalogue code
 *   and to none of the enterprise's own coded rows (GIS-BALANCE keeps its month chain by the name).
 * Rules that compare the implausible value (GIS-BALANCE, TAX-PLATFORM, HW-QTY …) leave it alone, so
 * one problem raises one flag.
 *
 * Key: `<stream>/<record id>/<field>`, in the record's own period (month, quarter or year).
 * Not a finding: an empty field (an unknown is not implausible); a malformed record (quarantined).
 */
import type { Types } from 'mongoose';
import type { ReportKind } from '../../model/periodReport';
import type { QualityFinding } from '../../model/qualityFinding';
import { resolveWasteKeys } from './GIS-BALANCE';
import { monthsOfPeriod, previousMonth, quarterOf, side, unique, usccKey, type MovementRecord, type Rule } from './rule';

/** The source stream of each report kind the rule reads, as the flag's key names it. */
const REPORT_STREAMS: Partial<Record<ReportKind, { source: 'industrial' | 'taxstat'; stream: string }>> = {
  GENERAL_LEDGER: { source: 'industrial', stream: 'general-ledgers' },
  HW_LEDGER: { source: 'industrial', stream: 'hw-ledgers' },
  ENV_TAX: { source: 'taxstat', stream: 'envtax' },
  ENV_STAT: { source: 'taxstat', stream: 'envstat' },
};

/** A finding to flag: which record, of whom, and the finding itself. */
export interface RecordFinding {
  source: 'industrial' | 'taxstat';
  stream: string;
  recordId: string;
  uscc: string | null;
  name: string | null;
  finding: QualityFinding;
  records: readonly Types.ObjectId[];
}

export function unresolvedNameFinding(name: string): QualityFinding {
  return {
    field: 'fwmc',
    value: name,
    measure: null,
    reason: `废物代码为空，名称“${name}”不能对应到分类名录或本企业已填报的代码，请补填废物代码 / no waste code, and the name matches neither the district catalogue nor any code this enterprise has used: please add the code`,
  };
}

/** Pure: the flag subject key of a finding. */
export function findingKey(f: Pick<RecordFinding, 'stream' | 'recordId' | 'finding'>): string {
  return `${f.stream}/${f.recordId}/${f.finding.field}`;
}

function manifestFindings(m: MovementRecord): RecordFinding[] {
  return (m.qualityFindings ?? []).map((finding) => ({ source: 'industrial', stream: 'hw-manifests', recordId: m.sourceKey, uscc: usccKey(m.from.party?.uscc), name: m.from.party?.name ?? null, finding, records: m.sources }));
}

export const dataQuality: Rule = {
  id: 'DATA-QUALITY',
  title: 'implausible value in a record that parses',
  stream: 'industrial',
  subjectKind: 'RECORD',
  key: 'record + field',
  reads: ['movements', 'periodreports', 'parties'],
  kinds: { movements: ['HW_MANIFEST'], reports: ['GENERAL_LEDGER', 'HW_LEDGER', 'ENV_TAX', 'ENV_STAT'] },
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'MEDIUM' },
  scan: { kind: 'HW_MANIFEST' },
  // ledgers and manifests by month; tax declarations by quarter; statistics by year
  periodsOf: (months) => [...unique(months), ...unique(months.map(quarterOf)), ...unique(months.map((m) => m.slice(0, 4)))],
  evaluate({ period, settings, refs }, emit) {
    const found: RecordFinding[] = [];
    return {
      visit(movement) {
        if (movement.period === period) found.push(...manifestFindings(movement));
      },
      async finish() {
        const kinds: ReportKind[] = /Q/.test(period) ? ['ENV_TAX'] : /^\d{4}$/.test(period) ? ['ENV_STAT'] : ['GENERAL_LEDGER', 'HW_LEDGER'];
        for (const kind of kinds) {
          const origin = REPORT_STREAMS[kind]!;
          // general ledgers: last month's coded rows teach what this month's free-text names mean
          const months = kind === 'GENERAL_LEDGER' ? [period, previousMonth(period)] : monthsOfPeriod(period);
          const rows = (await refs.reports(kind, months)).filter((r) => r.period === period || months.includes(r.period));
          const own = rows.filter((r) => r.period === period);
          for (const row of own) {
            const base = { source: origin.source, stream: origin.stream, recordId: row.reportKey, uscc: usccKey(row.party?.uscc), name: row.party?.name ?? null, records: row.sources };
            for (const finding of row.qualityFindings ?? []) found.push({ ...base, finding });
          }
          if (kind !== 'GENERAL_LEDGER') continue;
          const keys = resolveWasteKeys(rows);
          for (const row of own) {
            const waste = keys.get(row.reportKey);
            if (waste?.kind !== 'UNRESOLVED') continue;
            found.push({ source: 'industrial', stream: origin.stream, recordId: row.reportKey, uscc: usccKey(row.party?.uscc), name: row.party?.name ?? null, finding: unresolvedNameFinding(waste.name), records: row.sources });
          }
        }
        const streets = await refs.partyStreets();
        const seen = new Set<string>();
        for (const f of found.sort((a, b) => (findingKey(a) < findingKey(b) ? -1 : 1))) {
          const key = findingKey(f);
          if (seen.has(key)) continue; // two checks of one field (negative and beyond range cannot both hold; a guard)
          seen.add(key);
          await emit({
            rule: 'DATA-QUALITY',
            severity: settings.severity,
            stream: f.source,
            period,
            subject: { kind: 'RECORD', key, label: `${f.name ?? f.uscc ?? f.stream} ${f.stream} ${f.recordId} ${f.finding.field}`, partyUscc: f.uscc, street: f.uscc ? (streets.get(f.uscc) ?? null) : null },
            evidence: {
              sides: [side({ source: f.source, label: `${f.stream} ${f.recordId} ${f.finding.field}`, value: f.finding.value, unit: f.finding.measure ? 't' : 'value', records: [...f.records] })],
              difference: f.finding.reason,
              tolerance: 'any',
              message: `${f.stream} ${f.recordId}: ${f.finding.field} = ${f.finding.value}: ${f.finding.reason}`,
            },
          });
        }
      },
    };
  },
};
