/**
 * Party references of projected documents: every party a batch mentions is resolved (entity
 * resolution, src/resolve/) in a few calls, and the drafts' PartyRef ids are filled in.
 */
import type { Types } from 'mongoose';
import type { PartyMention, PartyProfile, PartySlot } from '../../connectors/mapping';
import type { PartyRef } from '../model/common';
import type { SourceId } from '../model/reference/agencies';
import { validateUscc } from '../model/validators';
import { knownPartyNames, resolveParties, type PartyObservationInput } from '../resolve/resolver';

const RESOLVE_CHUNK = 500;

export interface MentionSite {
  mention: PartyMention;
  /** the PartyRef to fill, or null for a defining mention */
  ref: PartyRef | null;
  defining: { sourceRecordId: Types.ObjectId; profile: PartyProfile } | null;
  partyId: Types.ObjectId | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isPartyRef(value: unknown): value is PartyRef {
  return isRecord(value) && 'partyId' in value && 'uscc' in value;
}

/** The PartyRef at a slot of a draft (`from.party`, `carrier`…), or null when the draft has none there. */
export function partyRefAt(doc: object, slot: PartySlot): PartyRef | null {
  let at: unknown = doc;
  for (const key of slot.split('.')) at = isRecord(at) ? at[key] : null;
  return isPartyRef(at) ? at : null;
}

const hasIdentity = (m: PartyMention) => Boolean(m.uscc?.trim() || m.name?.trim());

function observationOf(source: SourceId, site: MentionSite, name: string, seenAt: Date): PartyObservationInput {
  const m = site.mention;
  return {
    source,
    sourceKey: m.sourceKey ?? null,
    uscc: m.uscc,
    name,
    street: m.street,
    roles: m.roles,
    // only a registry row is what a party is built from; a mention on a manifest is not its provenance
    sourceRecordId: site.defining?.sourceRecordId ?? null,
    profile: site.defining?.profile ?? null,
    seenAt,
  };
}

async function resolveObservations(sites: MentionSite[], observationOfSite: (site: MentionSite) => PartyObservationInput): Promise<void> {
  // one observation per distinct statement: a batch names the same generator on hundreds of manifests
  const distinct = new Map<string, { observation: PartyObservationInput; sites: MentionSite[] }>();
  for (const site of sites) {
    const observation = observationOfSite(site);
    const key = JSON.stringify([observation.sourceKey, observation.uscc, observation.name, observation.street, [...(observation.roles ?? [])].sort(), observation.sourceRecordId?.toHexString() ?? null]);
    const entry = distinct.get(key) ?? { observation, sites: [] };
    entry.sites.push(site);
    distinct.set(key, entry);
  }
  const entries = [...distinct.values()];
  for (let i = 0; i < entries.length; i += RESOLVE_CHUNK) {
    const chunk = entries.slice(i, i + RESOLVE_CHUNK);
    const resolutions = await resolveParties(chunk.map((e) => e.observation));
    chunk.forEach((entry, j) => {
      for (const site of entry.sites) site.partyId = resolutions[j]!.partyId;
    });
  }
}

/**
 * Resolves every mention and fills its PartyRef. Named mentions first (registry rows before
 * references, so a batch's own registry entries exist); then mentions that carry only a code, named
 * after the party their USCC already identifies (no spurious name conflict), or after the code itself
 * when no source has named the organisation yet (haulers, builders, the medical disposer).
 */
export async function resolveMentions(source: SourceId, sites: MentionSite[], seenAt: Date): Promise<void> {
  const usable = sites.filter((s) => hasIdentity(s.mention));
  const named = usable.filter((s) => s.mention.name?.trim()).sort((a, b) => Number(b.defining !== null) - Number(a.defining !== null));
  await resolveObservations(named, (site) => observationOf(source, site, site.mention.name!.trim(), seenAt));

  const nameless = usable.filter((s) => !s.mention.name?.trim());
  if (nameless.length > 0) {
    const known = await knownPartyNames(nameless.map((s) => validateUscc(s.mention.uscc)).flatMap((r) => (r.ok ? [r.value] : [])));
    await resolveObservations(nameless, (site) => {
      const checked = validateUscc(site.mention.uscc);
      const name = (checked.ok ? known.get(checked.value) : undefined) ?? site.mention.uscc!.trim();
      return observationOf(source, site, name, seenAt);
    });
  }
  for (const site of sites) if (site.ref) site.ref.partyId = site.partyId;
}

export function mentionSites(doc: object, mentions: readonly PartyMention[]): MentionSite[] {
  return mentions.map((mention) => ({ mention, ref: mention.slot ? partyRefAt(doc, mention.slot) : null, defining: null, partyId: null }));
}
