/**
 * Roles and agency scopes (DESIGN §7). A caller's role says what it may do; its agency says which
 * streams it may read in detail. The task force (专班) and admins see every stream.
 */
export const ROLES = ['ADMIN', 'STEWARD', 'ANALYST', 'PARTNER'] as const;
export type Role = (typeof ROLES)[number];

export const STREAMS = ['INDUSTRIAL', 'HAZARDOUS', 'HOUSEHOLD', 'CONSTRUCTION', 'MEDICAL', 'TAXSTAT'] as const;
export type Stream = (typeof STREAMS)[number];

export interface AgencyScope {
  code: string;
  name: string;
  formerNames: string[];
  streams: readonly Stream[];
}

/** Agencies from the reference list, with the streams each owns (its stewards act on those). */
export const AGENCY_SCOPES: readonly AgencyScope[] = [
  { code: 'EEB', name: '生态环境局', formerNames: ['环境保护局'], streams: ['INDUSTRIAL', 'HAZARDOUS', 'MEDICAL'] },
  { code: 'UMC', name: '城市管理委', formerNames: ['城市管理局'], streams: ['HOUSEHOLD', 'CONSTRUCTION'] },
  { code: 'HUC', name: '住房城乡建设委', formerNames: ['建设发展局'], streams: ['CONSTRUCTION'] },
  { code: 'HHC', name: '卫生健康委', formerNames: ['社会发展局'], streams: ['MEDICAL'] },
  { code: 'TAX', name: '税务局', formerNames: [], streams: ['TAXSTAT', 'INDUSTRIAL'] },
  { code: 'STATS', name: '统计局', formerNames: [], streams: ['TAXSTAT'] },
  { code: 'TASKFORCE', name: '无废城市建设工作专班', formerNames: ['专班'], streams: STREAMS },
];

export function agencyScope(code: string): AgencyScope | undefined {
  return AGENCY_SCOPES.find((a) => a.code === code);
}

export interface Caller {
  keyId: string;
  label: string;
  role: Role;
  agency: string;
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
