/**
 * Which streams' records a caller may read (DESIGN §7: an agency sees detail only for its streams).
 * The one policy for movements, period reports and source records:
 * - lists keep to the caller's streams; a `stream` filter naming others is narrowed, not refused, the
 *   way `flags` behaves, so one dashboard query works for every agency;
 * - one record asked for by id outside them is FORBIDDEN (the caller learns it exists, not what it says);
 * - parties, facilities, projects, vehicles and communities are master data labelling every aggregate,
 *   readable by all roles; what hangs off them goes through the list rule.
 * Roles (payloads hidden from PARTNERs) stay with `@auth` in the SDL.
 */
import type { FilterQuery } from 'mongoose';
import { callerStreams, STREAMS, type Caller, type Stream } from '../auth/roles';
import { badInput, forbidden } from './errors';

export function isStream(name: string): name is Stream {
  return (STREAMS as readonly string[]).includes(name);
}

/** The streams a list may show: the caller's, narrowed by `requested` (unknown names are BAD_USER_INPUT). */
export function readableStreams(caller: Caller, requested?: readonly string[] | null, argument = 'stream'): Stream[] {
  const own = callerStreams(caller);
  if (!requested || requested.length === 0) return [...own];
  const unknown = requested.filter((s) => !isStream(s));
  if (unknown.length) throw badInput(`unknown stream ${unknown.join(', ')}; streams are ${STREAMS.join(', ')}`, argument);
  return own.filter((s) => requested.includes(s));
}

/** The clause limiting a collection's `field` to `streams`; empty when every stream is readable. */
export function streamClause<D>(streams: readonly Stream[], field = 'stream'): FilterQuery<D>[] {
  return streams.length === STREAMS.length ? [] : [{ [field]: { $in: [...streams] } } as FilterQuery<D>];
}

export function mayRead(caller: Caller, stream: string): boolean {
  return (callerStreams(caller) as readonly string[]).includes(stream);
}

/** For one record fetched by id. */
export function assertReadable(caller: Caller, stream: string, what: string): void {
  if (!mayRead(caller, stream)) throw forbidden(`a ${caller.role} of ${caller.agency} may not read ${stream} ${what}`);
}
