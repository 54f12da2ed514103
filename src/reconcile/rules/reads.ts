/**
 * Reads several rules share, answered from the run's reference sets: which USCCs the industrial
 * platform registers.
 */
import type { ReferenceSets } from './rule';

/** USCCs (of those asked) that the industrial platform registers: a party with an industrial alias. */
export async function registeredOnPlatform(refs: ReferenceSets, usccs: readonly string[]): Promise<Set<string>> {
  const registered = await refs.platformRegistered();
  return new Set(usccs.filter((uscc) => registered.has(uscc)));
}
