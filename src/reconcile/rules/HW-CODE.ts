/**
 * HW-CODE — is the hazardous-waste code a real code of the stated class? (国家危险废物名录 废物代码, DESIGN §5)
 *
 * The national-list code (fwdm) has eight digits, NNN-NNN-NN, whose last two are the class; they must
 * equal the stated class (fwlb). Checked on every non-voided manifest and every HW ledger row, keyed by
 * the record (`hw-manifests/<ldbh>`, `hw-ledgers/<id>`). Any occurrence is a finding: a code that is not
 * eight digits (missing, a digit dropped, letters), or a code whose class differs from the stated one.
 *
 * Unknown, so no class finding: a record that states no class (fwlb empty).
 * Not a finding: spelling variants of a well-formed code — without hyphens (`90004149`), with spaces,
 * in full-width digits — and class spellings `HW49` / `hw49`; voided manifests (zt 90).
 */
import type { FlagSeverity } from '../flagModel';
import type { RaisedFlag } from '../flags';
import { usccKey, side, type Rule } from './rule';
import type { Types } from 'mongoose';

export type HwCodeVerdict = { kind: 'BAD_FORMAT' } | { kind: 'CLASS_MISMATCH'; codeClass: string; statedClass: string };

/** Pure: the code (eight digits in any spelling) against the stated class. */
export function compareHwCode(input: { code: string | null; statedClass: string | null }): HwCodeVerdict | null {
  const code = (input.code ?? '').normalize('NFKC').replace(/\s+/g, '');
  const match = /^\d{3}-\d{3}-(\d{2})$/.exec(code) ?? /^\d{6}(\d{2})$/.exec(code);
  if (!match) return { kind: 'BAD_FORMAT' };
  const stated = /^HW(\d{2})$/i.exec((input.statedClass ?? '').normalize('NFKC').replace(/\s+/g, ''));
  if (!stated) return null; // no class stated to disagree with
  return stated[1] === match[1] ? null : { kind: 'CLASS_MISMATCH', codeClass: `HW${match[1]}`, statedClass: `HW${stated[1]}` };
}

function raised(input: { recordKey: string; label: string; code: string | null; statedClass: string | null; verdict: HwCodeVerdict; records: Types.ObjectId[]; uscc: string | null; street: string | null; period: string; severity: FlagSeverity }): RaisedFlag {
  const difference =
    input.verdict.kind === 'BAD_FORMAT'
      ? `废物代码“${input.code ?? ''}”不是 8 位名录代码 / code "${input.code ?? ''}" is not an eight-digit list code (NNN-NNN-NN)`
      : `废物代码的类别 ${input.verdict.codeClass} 与填报类别 ${input.verdict.statedClass} 不符 / the code's class ${input.verdict.codeClass} differs from the stated ${input.verdict.statedClass}`;
  return {
    rule: 'HW-CODE',
    severity: input.severity,
    stream: 'industrial',
    period: input.period,
    subject: { kind: 'RECORD', key: input.recordKey, label: input.label, partyUscc: input.uscc, street: input.street },
    evidence: {
      sides: [
        side({ source: 'industrial', label: '废物代码 (fwdm)', value: input.code ?? 'missing', unit: 'code', records: input.records }),
        side({ source: 'industrial', label: '废物类别 (fwlb)', value: input.statedClass ?? 'missing', unit: 'class', records: input.records }),
      ],
      difference,
      tolerance: 'any',
      message: `${input.label}: ${difference}`,
    },
  };
}

export const hwCode: Rule = {
  id: 'HW-CODE',
  title: 'code format and class agree',
  stream: 'industrial',
  subjectKind: 'RECORD',
  key: 'record (hw-manifests/<ldbh> or hw-ledgers/<id>)',
  reads: ['movements', 'periodreports', 'parties'],
  kinds: { movements: ['HW_MANIFEST'], reports: ['HW_LEDGER'] },
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'MEDIUM' },
  scan: { kind: 'HW_MANIFEST' },
  evaluate({ period, settings, refs }, emit) {
    const streetOf = async (uscc: string | null) => (uscc ? ((await refs.partyStreets()).get(uscc) ?? null) : null);
    return {
      async visit(m) {
        if (m.status === 'VOIDED') return;
        const verdict = compareHwCode({ code: m.wasteCode, statedClass: m.hwClass });
        if (!verdict) return;
        const uscc = usccKey(m.from.party?.uscc);
        await emit(raised({ recordKey: `hw-manifests/${m.sourceKey}`, label: `转移联单 ${m.sourceKey}`, code: m.wasteCode, statedClass: m.hwClass, verdict, records: m.sources, uscc, street: await streetOf(uscc), period, severity: settings.severity }));
      },
      async finish() {
        for (const row of await refs.reports('HW_LEDGER', period)) {
          if (row.period !== period) continue; // monthly rows only: a row belongs to its own month
          const statedClass = typeof row.attributes?.hwClass === 'string' ? row.attributes.hwClass : null;
          const verdict = compareHwCode({ code: row.category, statedClass });
          if (!verdict) continue;
          const uscc = usccKey(row.party?.uscc);
          await emit(raised({ recordKey: `hw-ledgers/${row.reportKey}`, label: `HW ledger ${row.reportKey}`, code: row.category, statedClass, verdict, records: row.sources, uscc, street: await streetOf(uscc), period, severity: settings.severity }));
        }
      },
    };
  },
};
