/**
 * The matching rules, pure: given what a source says about an organisation, the parties it could be
 * and the stewards' decisions, decide whether it is a known party, a new one, or a question for a
 * steward. Order: the source's own alias seen before; a steward's MATCH; for a mention without a key
 * of its own, an alias of the same source saying the same; exact USCC; normalised name within the same
 * street. Anything uncertain creates a case, never a merge.
 */
import type { SourceId } from '../model/reference/agencies';
import { normaliseStreet, type StreetCode } from '../model/reference/streets';
import { validateUscc } from '../model/validators';
import type { ResolutionCaseKind } from '../model/resolutionCase';
import type { ResolutionVerdict } from '../model/resolutionDecision';
import { identityKey, normaliseCompanyName } from './normalise';

/** What one source record says about an organisation. */
export interface PartyObservation {
  source: SourceId;
  /** the source's own key for the organisation (platform id…); defaults to the USCC or name+street */
  sourceKey?: string | null;
  uscc?: string | null;
  name: string;
  street?: string | null;
}

/** An observation with its normalised forms and keys. */
export interface PreparedObservation {
  source: SourceId;
  sourceKey: string;
  /** false when `sourceKey` was defaulted (to the USCC, or name+street) for want of the source's own */
  ownSourceKey: boolean;
  name: string;
  normalisedName: string;
  street: StreetCode | null;
  usccRaw: string | null;
  uscc: string | null;
  /** `USCC:…` when the USCC is valid, else the source alias key */
  subjectKey: string;
  aliasKey: string;
  /** every key the observation contributes to its party */
  keys: string[];
}

export function prepareObservation(o: PartyObservation): PreparedObservation {
  const normalisedName = normaliseCompanyName(o.name);
  const street = normaliseStreet(o.street);
  const usccRaw = o.uscc?.trim() ? o.uscc.trim() : null;
  const checked = validateUscc(usccRaw);
  const uscc = checked.ok ? checked.value : null;
  const ownSourceKey = o.sourceKey?.trim() || null;
  const sourceKey = ownSourceKey ?? (uscc || `${normalisedName}|${street ?? ''}|${usccRaw ?? ''}`);
  const aliasKey = identityKey.sourceAlias(o.source, sourceKey);
  const keys = [aliasKey, identityKey.nameAnywhere(normalisedName)];
  if (uscc) keys.push(identityKey.uscc(uscc));
  if (street) keys.push(identityKey.nameInStreet(normalisedName, street));
  return {
    source: o.source,
    sourceKey,
    ownSourceKey: ownSourceKey !== null,
    name: o.name.trim(),
    normalisedName,
    street,
    usccRaw,
    uscc,
    subjectKey: uscc ? identityKey.uscc(uscc) : aliasKey,
    aliasKey,
    keys,
  };
}

/** How a source named a party, as far as the matcher compares it. */
export interface AliasView {
  source: SourceId;
  sourceKey: string;
  normalisedName: string;
  street: StreetCode | null;
  usccRaw: string | null;
}

/** What the matcher needs to know about a party. */
export interface CandidateView {
  id: string;
  primaryKey: string;
  uscc: string | null;
  status: 'ACTIVE' | 'PENDING' | 'MERGED';
  identityKeys: ReadonlySet<string>;
  normalisedNames: ReadonlySet<string>;
  aliases: readonly AliasView[];
}

export interface DecisionView {
  subjectKey: string;
  candidateKey: string;
  verdict: ResolutionVerdict;
}

export interface CaseRequest {
  kind: ResolutionCaseKind;
  /** what the steward decides about: the observation's subject key, or its alias key for a name conflict */
  subjectKey: string;
  candidateIds: string[];
}

export type MatchOutcome =
  | {
      action: 'ATTACH';
      partyId: string;
      via: 'ALIAS' | 'DECISION' | 'USCC' | 'NAME' | 'PENDING';
      adoptUscc: boolean;
      /** the source key of the party's alias this observation is (it has no key of its own), else null */
      sameAlias: string | null;
      cases: CaseRequest[];
    }
  | { action: 'CREATE'; status: 'ACTIVE' | 'PENDING'; cases: CaseRequest[] };

/**
 * Decide for one observation. `parties` are all live parties sharing any key with it; `decisions`
 * are the latest verdict per (subjectKey, candidateKey) pair for its subject key.
 */
export function matchObservation(
  o: PreparedObservation,
  parties: readonly CandidateView[],
  decisions: readonly DecisionView[],
): MatchOutcome {
  const live = parties.filter((p) => p.status !== 'MERGED');
  const verdictFor = (p: CandidateView): ResolutionVerdict | null => {
    const d = decisions.find((x) => x.subjectKey === o.subjectKey && p.identityKeys.has(x.candidateKey));
    return d?.verdict ?? null;
  };

  const attach = (p: CandidateView, via: 'ALIAS' | 'DECISION' | 'USCC' | 'NAME' | 'PENDING', cases: CaseRequest[] = [], adoptUscc = !p.uscc && !!o.uscc) =>
    ({ action: 'ATTACH', partyId: p.id, via, adoptUscc, sameAlias: null, cases }) as const;

  const byAlias = live.find((p) => p.identityKeys.has(o.aliasKey));
  if (byAlias) return attach(byAlias, 'ALIAS');

  const decided = live.find((p) => verdictFor(p) === 'MATCH');
  if (decided) return attach(decided, 'DECISION');

  const same = sameStatement(o, live.filter((p) => verdictFor(p) !== 'NO_MATCH'));
  if (same) return { ...attach(same.party, 'ALIAS'), sameAlias: same.alias.sourceKey };

  if (o.uscc) {
    const byUscc = live.find((p) => p.uscc === o.uscc);
    if (byUscc) {
      // the conflict is about this source's name, so a steward's answer is keyed by the alias
      const answered = decisions.some((d) => d.subjectKey === o.aliasKey && byUscc.identityKeys.has(d.candidateKey));
      const conflict = !byUscc.normalisedNames.has(o.normalisedName) && !answered;
      return attach(byUscc, 'USCC', conflict ? [{ kind: 'USCC_NAME_CONFLICT', subjectKey: o.aliasKey, candidateIds: [byUscc.id] }] : [], false);
    }
  }

  const nameKey = o.street
    ? identityKey.nameInStreet(o.normalisedName, o.street)
    : identityKey.nameAnywhere(o.normalisedName);
  const candidates = live.filter((p) => p.identityKeys.has(nameKey) && verdictFor(p) !== 'NO_MATCH');
  const settled = candidates.filter((p) => p.status === 'ACTIVE');
  const pending = candidates.filter((p) => p.status === 'PENDING');
  const ids = (ps: readonly CandidateView[]) => ps.map((p) => p.id);

  if (!o.street) {
    // a name without a street cannot be confirmed; a valid USCC different from every candidate's
    // is a different legal entity, so only then is a new party safe without asking
    if (candidates.length === 0) return { action: 'CREATE', status: 'ACTIVE', cases: [] };
    if (o.uscc && candidates.every((p) => p.uscc && p.uscc !== o.uscc)) {
      return { action: 'CREATE', status: 'ACTIVE', cases: [] };
    }
    if (!o.uscc && pending.length > 0) return attach(pending[0]!, 'PENDING', [], false);
    return { action: 'CREATE', status: o.uscc ? 'ACTIVE' : 'PENDING', cases: [{ kind: 'NO_STREET', subjectKey: o.subjectKey, candidateIds: ids(candidates) }] };
  }

  if (o.uscc) {
    const withUscc = candidates.filter((p) => p.uscc);
    const withoutUscc = settled.filter((p) => !p.uscc);
    if (withUscc.length > 0) {
      return { action: 'CREATE', status: 'ACTIVE', cases: [{ kind: 'NAME_SHARED_DIFFERENT_USCC', subjectKey: o.subjectKey, candidateIds: ids(candidates) }] };
    }
    if (withoutUscc.length === 1 && pending.length === 0) {
      return attach(withoutUscc[0]!, 'NAME', [], true);
    }
    if (candidates.length === 0) return { action: 'CREATE', status: 'ACTIVE', cases: [] };
    // it has a USCC, so it is a real identity; which of the nameless parties it is, a steward says
    return { action: 'CREATE', status: 'ACTIVE', cases: [{ kind: 'AMBIGUOUS_NAME', subjectKey: o.subjectKey, candidateIds: ids(candidates) }] };
  }

  if (pending.length > 0) {
    // the name is already under a steward's question: join that unresolved identity
    return attach(pending[0]!, 'PENDING', [], false);
  }
  if (settled.length === 1) return attach(settled[0]!, 'NAME', [], false);
  if (settled.length === 0) return { action: 'CREATE', status: 'ACTIVE', cases: [] };
  return { action: 'CREATE', status: 'PENDING', cases: [{ kind: 'AMBIGUOUS_NAME', subjectKey: o.subjectKey, candidateIds: ids(settled) }] };
}

/**
 * A mention without a key of its own (a ledger naming an enterprise by USCC and name) that states what
 * an alias of the same source states — the same normalised name and raw USCC, and the same street
 * unless it gives none — is that alias seen again, not another one. Only when exactly one live party
 * has such an alias, and only with a USCC: a name alone identifies nobody.
 */
function sameStatement(o: PreparedObservation, live: readonly CandidateView[]): { party: CandidateView; alias: AliasView } | null {
  if (o.ownSourceKey || !o.usccRaw) return null;
  const found: Array<{ party: CandidateView; alias: AliasView }> = [];
  for (const party of live) {
    const alias = party.aliases.find(
      (a) => a.source === o.source && a.normalisedName === o.normalisedName && a.usccRaw === o.usccRaw && (o.street === null || a.street === o.street),
    );
    if (alias) found.push({ party, alias });
  }
  return found.length === 1 ? found[0]! : null;
}
