import { AGENCIES, agencyByCode, STREAMS, type Agency, type Stream } from '../model/reference/agencies';

/**
 * Roles and agency scopes (DESIGN §7). A caller's role says what it may do; its agency says which
 * streams it may read in detail. The task force (专班) and admins see every stream.
 */
export const ROLES = ['ADMIN', 'STEWARD', 'ANALYST', 'PARTNER'] as const;
export type Role = (typeof ROLES)[number];

export { STREAMS, type Stream };

/** An agency as a caller's scope: the reference list (src/model/reference/agencies.ts) is the one source. */
export type AgencyScope = Agency;
export const AGENCY_SCOPES: readonly AgencyScope[] = AGENCIES;

export function agencyScope(code: string): AgencyScope | undefined {
  return agencyByCode(code);
}

export interface Caller {
  keyId: string;
  label: string;
  role: Role;
  agency: string;
  /** the key may run only registered (trusted) operations */
  trustedOnly?: boolean;
}

/** Which streams a caller may read in detail (records, raw payloads) and act on. */
export function callerStreams(caller: Caller): readonly Stream[] {
  if (caller.role === 'ADMIN') return STREAMS;
  return agencyScope(caller.agency)?.streams ?? [];
}

export function mayActOnStream(caller: Caller, stream: Stream): boolean {
  if (caller.role === 'ADMIN') return true;
  if (caller.role !== 'STEWARD') return false;
  return callerStreams(caller).includes(stream);
}
