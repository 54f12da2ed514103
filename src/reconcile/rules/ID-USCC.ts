/**
 * ID-USCC — is an organisation's identity sound? (统一社会信用代码, DESIGN §5), keyed by the USCC as written:
 * a code failing the GB 32100 check character, or one USCC carried under names that really differ.
 * Names come from every source's aliases on the party, plus entity resolution's open
 * USCC_NAME_CONFLICT cases (src/resolve), which never merge silently. Any occurrence is a finding,
 * restated for each reconciled month (identity has no period of its own; a month's close lists what
 * was open then). Parties are a reference set, streamed.
 *
 * Not a finding: names that differ only in full/half width (（集团） / (集团)), spaces, or 有限责任公司 /
 * 有限公司; a record without a USCC (entity resolution matches it by name and street, or opens a case).
 */
import type { Types } from 'mongoose';
import { PartyModel, type Party } from '../../model/party';
import { ResolutionCaseModel, type ResolutionCase } from '../../model/resolutionCase';
import { validateUscc } from '../../model/validators';
import { CURSOR_BATCH, side, usccKey, type Rule } from './rule';

/** The name normalisation spelling variants survive (the ground truth's definition, deliberately narrow). */
export function normaliseNameForIdentity(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(/有限责任公司/g, '有限公司');
}

export type IdentityVerdict = { kind: 'INVALID_CHECK'; reason: string } | { kind: 'CONFLICTING_NAMES'; names: string[] };

/** Pure: the problems of one USCC given every name it was carried under. */
export function compareIdentity(input: { uscc: string; names: readonly string[] }): IdentityVerdict[] {
  const out: IdentityVerdict[] = [];
  const valid = validateUscc(input.uscc);
  if (!valid.ok) out.push({ kind: 'INVALID_CHECK', reason: valid.reason });
  const distinct = new Map<string, string>();
  for (const name of input.names) if (!distinct.has(normaliseNameForIdentity(name))) distinct.set(normaliseNameForIdentity(name), name);
  if (distinct.size > 1) out.push({ kind: 'CONFLICTING_NAMES', names: [...distinct.values()].sort() });
  return out;
}

interface Identity {
  names: Set<string>;
  sources: Set<string>;
  street: string | null;
  records: Types.ObjectId[];
  caseConflict: boolean;
}

export const idUscc: Rule = {
  id: 'ID-USCC',
  title: 'invalid USCC, or one USCC with conflicting names',
  stream: 'industrial',
  subjectKind: 'PARTY',
  key: 'USCC',
  reads: ['parties', 'resolutioncases'],
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'MEDIUM' },
  evaluate({ period, settings }, emit) {
    return {
      async finish() {
        // Only parties with something to say: an invalid alias code, or aliases under more than one name.
        const identities = new Map<string, Identity>();
        const note = (uscc: string, name: string, source: string, street: string | null, records: readonly Types.ObjectId[]) => {
          const entry = identities.get(uscc) ?? { names: new Set<string>(), sources: new Set<string>(), street, records: [], caseConflict: false };
          entry.names.add(name);
          entry.sources.add(source);
          entry.street ??= street;
          if (entry.records.length < 20) entry.records.push(...records.slice(0, 20 - entry.records.length));
          identities.set(uscc, entry);
        };
        const parties = PartyModel.find({ status: { $ne: 'MERGED' } }).select({ uscc: 1, name: 1, street: 1, aliases: 1, sources: 1 }).lean<(Pick<Party, 'uscc' | 'name' | 'street' | 'aliases' | 'sources'> & { _id: Types.ObjectId })[]>().cursor({ batchSize: CURSOR_BATCH });
        for await (const party of parties) {
          const byUscc = new Map<string, { name: string; source: string }[]>();
          for (const alias of party.aliases) {
            const uscc = usccKey(alias.usccRaw) ?? usccKey(party.uscc);
            if (!uscc) continue;
            byUscc.set(uscc, [...(byUscc.get(uscc) ?? []), { name: alias.name, source: alias.source }]);
          }
          for (const [uscc, aliases] of byUscc) {
            if (compareIdentity({ uscc, names: aliases.map((a) => a.name) }).length === 0) continue;
            for (const a of aliases) note(uscc, a.name, a.source, party.street, party.sources);
          }
        }
        const cases = ResolutionCaseModel.find({ kind: 'USCC_NAME_CONFLICT', status: 'OPEN' }).select({ evidence: 1, subjectPartyId: 1 }).lean<Pick<ResolutionCase, 'evidence' | 'subjectPartyId'>[]>().cursor({ batchSize: CURSOR_BATCH });
        for await (const c of cases) {
          const uscc = usccKey(c.evidence.usccRaw);
          if (!uscc) continue;
          note(uscc, c.evidence.name, c.evidence.source, c.evidence.street, []);
          identities.get(uscc)!.caseConflict = true;
        }
        for (const uscc of [...identities.keys()].sort()) {
          const identity = identities.get(uscc)!;
          const verdicts = compareIdentity({ uscc, names: [...identity.names] });
          if (identity.caseConflict && !verdicts.some((v) => v.kind === 'CONFLICTING_NAMES')) verdicts.push({ kind: 'CONFLICTING_NAMES', names: [...identity.names].sort() });
          if (verdicts.length === 0) continue;
          const difference = verdicts.map((v) => (v.kind === 'INVALID_CHECK' ? `代码校验位错误 / invalid: ${v.reason}` : `同一代码、不同名称 / one code, different names: ${v.names.join(' / ')}`)).join('; ');
          const source = [...identity.sources].sort()[0] as Party['aliases'][number]['source'];
          await emit({
            rule: 'ID-USCC',
            severity: settings.severity,
            stream: source,
            period,
            subject: { kind: 'PARTY', key: uscc, label: [...identity.names].sort()[0] ?? uscc, partyUscc: uscc, street: identity.street },
            evidence: {
              sides: [...identity.sources].sort().map((s) => side({ source: s as typeof source, label: `${s} records`, value: uscc, unit: 'USCC', records: identity.records })),
              difference,
              tolerance: 'any',
              message: `USCC ${uscc}: ${difference}`,
            },
          });
        }
      },
    };
  },
};
