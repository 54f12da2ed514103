/**
 * The district and its streets (街道): the single source of truth for street names, shared with the
 * sandbox generator. Sources write a street either as the short name (八角) or with the suffix (八角街道);
 * `normaliseStreet` maps both to the stable code.
 */
import { toHalfWidth } from '../quantities';

export const DISTRICT = { code: 'SJS', name: '石景山区', city: '北京市' } as const;

export const STREETS = [
  { code: 'BABAOSHAN', name: '八宝山', fullName: '八宝山街道' },
  { code: 'LAOSHAN', name: '老山', fullName: '老山街道' },
  { code: 'BAJIAO', name: '八角', fullName: '八角街道' },
  { code: 'GUCHENG', name: '古城', fullName: '古城街道' },
  { code: 'PINGGUOYUAN', name: '苹果园', fullName: '苹果园街道' },
  { code: 'JINDINGJIE', name: '金顶街', fullName: '金顶街街道' },
  { code: 'GUANGNING', name: '广宁', fullName: '广宁街道' },
  { code: 'WULITUO', name: '五里坨', fullName: '五里坨街道' },
  { code: 'LUGU', name: '鲁谷', fullName: '鲁谷街道' },
] as const;

export type Street = (typeof STREETS)[number];
export type StreetCode = Street['code'];
export const STREET_CODES = STREETS.map((s) => s.code) as readonly StreetCode[];

/** The streets are current since the 2021 boundary settlement; a revision gets a new version row. */
export const STREETS_VERSION = { version: '2021', validFrom: new Date('2021-01-01T00:00:00+08:00') } as const;

/**
 * A street as a source wrote it → its code, or null when it is not one of the district's streets
 * (facilities outside the district have no street). Accepts the code itself, the short name, the full
 * name, and the name prefixed with the district (石景山区八角街道).
 */
export function normaliseStreet(raw: string | null | undefined): StreetCode | null {
  if (!raw) return null;
  let text = toHalfWidth(raw).replace(/\s+/g, '');
  if (text === '') return null;
  const byCode = STREETS.find((s) => s.code === text.toUpperCase());
  if (byCode) return byCode.code;
  text = text.replace(/^(北京市)?石景山区/, '');
  if (text.endsWith('街道')) text = text.slice(0, -2);
  // 金顶街街道 minus 街道 is 金顶街; 金顶街道 (a common slip) minus 街道 is 金顶
  const street = STREETS.find((s) => s.name === text || s.name === `${text}街`);
  return street?.code ?? null;
}

export function streetName(code: StreetCode): string {
  return STREETS.find((s) => s.code === code)!.name;
}
