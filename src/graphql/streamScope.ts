/**
 * Which streams' records a caller may read (DESIGN §7: an agency sees detail only for its streams).
 * The one policy for movements, period reports and source records:
 * - lists keep to the caller's streams; a `stream` filter naming others is narrowed, not refused, the
 *   way `flags` behaves, so one dashboard query works for every agency;
 * - one record asked for by id outside them is FORBIDDEN (the caller learns it exists, not what it says);
 * - parties, facilities, projects, vehicles and communities are master data labelling every aggregate,
 *   readable by all roles; what hangs off them goes through the list rule.
 * - writes (flag workflow, manual indicator inputs, reconciliation runs) need the agency to own every
 *   stream they touch (`assertWritable`);
 * - infrastructure records follow their stream: sync runs by source, jobs by source or requester.
 * Every resolver that reads or writes stream data goes through this module; roles (payloads hidden
 * from PARTNERs) stay with `@auth` in the SDL.
 */
import type { FilterQuery } from 'mongoose';
import { callerStreams, mayActOnStream, STREAMS, type Caller, type Stream } from '../auth/roles';
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

/**
 * Writes: ADMIN on every stream, a STEWARD on its agency's streams, nobody else (roles are also
 * narrowed by `@auth`; this is the agency half). The flag workflow applies the same rule per flag
 * (reconcile/flags `mayActOnStream`).
 */
export function writableStreams(caller: Caller): Stream[] {
  return STREAMS.filter((s) => mayActOnStream(caller, s));
}

/** Every one of `streams` must be writable by the caller, else FORBIDDEN naming what was refused. */
export function assertWritable(caller: Caller, streams: readonly Stream[], what: string): void {
  const refused = streams.filter((s) => !mayActOnStream(caller, s));
  if (refused.length) throw forbidden(`a ${caller.role} of ${caller.agency} may not ${what}: it concerns ${refused.join(', ')}, outside the agency's streams`);
}

/** True when the caller reads every stream (ADMIN, the task force): cross-stream records are theirs. */
export function readsEveryStream(caller: Caller): boolean {
  return callerStreams(caller).length === STREAMS.length;
}

/**
 * Jobs: a sync job belongs to its source's stream; reconciliation, indicator and close jobs (and
 * syncs of `all`) span every stream, so they are visible to callers reading every stream, and to the
 * caller who requested them.
 */
export function jobScopeClause(caller: Caller): Record<string, unknown> | null {
  if (readsEveryStream(caller)) return null;
  return { $or: [{ kind: 'sync', 'input.source': { $in: [...callerStreams(caller)] } }, { requestedBy: caller.keyId }] };
}

export function mayReadJob(caller: Caller, job: { kind: string; input?: unknown; requestedBy?: string | null }): boolean {
  if (readsEveryStream(caller) || job.requestedBy === caller.keyId) return true;
  const source = job.input && typeof job.input === 'object' ? (job.input as { source?: unknown }).source : undefined;
  return job.kind === 'sync' && typeof source === 'string' && mayRead(caller, source);
}

/**
 * Which streams a manually entered indicator concerns, by its subcategory (definitions.ts): the
 * programme-wide ones (制度体系建设, 技术体系建设, 群众获得感) concern every stream, so only the task
 * force's stewards and ADMIN enter them.
 */
const SUBCATEGORY_STREAMS: Readonly<Record<string, readonly Stream[]>> = {
  工业源头减量: ['industrial'],
  工业固体废物资源化利用: ['industrial'],
  危险废物安全处置: ['industrial'],
  一般工业固体废物贮存处置: ['industrial'],
  建筑业源头减量: ['construction'],
  建筑垃圾资源化利用: ['construction'],
  建筑垃圾消纳处置: ['construction'],
  生活领域源头减量: ['household'],
  生活领域固体废物资源化利用: ['household'],
  生活领域固体废物处置: ['household'],
  // solid-waste regulation and the HW operators' market are the environment bureau's (生态环境局),
  // whose streams the industrial platform stands for
  监管体系建设: ['industrial'],
  市场体系建设: ['industrial'],
};

export function indicatorStreams(subcategory: string): readonly Stream[] {
  return SUBCATEGORY_STREAMS[subcategory] ?? STREAMS;
}
