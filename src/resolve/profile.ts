/**
 * What a registry row says about a party beyond its identity (address, industry, size, licences,
 * institution facts), merged into the party by the resolver in the same write as the alias.
 */
import { canonicalJson } from '../model/common';
import type { Party } from '../model/party';

export type PartyProfile = Partial<Pick<Party, 'address' | 'industryCode' | 'aboveDesignatedSize' | 'licences' | 'institution'>>;

/** The profile fields a registry row changes on a party: stated fields that differ, licences merged by number. */
export function profileChanges(stored: PartyProfile, profile: PartyProfile): PartyProfile {
  const changes: PartyProfile = {};
  for (const field of ['address', 'industryCode', 'aboveDesignatedSize', 'institution'] as const) {
    if (profile[field] !== undefined && canonicalJson(profile[field]) !== canonicalJson(stored[field])) Object.assign(changes, { [field]: profile[field] });
  }
  if (profile.licences && profile.licences.length > 0) {
    const stated = new Set(profile.licences.map((l) => `${l.kind}|${l.number}`));
    const merged = [...(stored.licences ?? []).filter((l) => !stated.has(`${l.kind}|${l.number}`)), ...profile.licences];
    if (canonicalJson(merged) !== canonicalJson(stored.licences ?? [])) changes.licences = merged;
  }
  return changes;
}
