/**
 * Validators for the identifiers and codes every source carries. Pure; each returns the normalised
 * value or a reason precise enough for a steward to fix the record (which character, which rule).
 */
import { toHalfWidth, type Result } from './quantities';
import { catalogueAt, type CatalogueEntry } from './reference/catalogue';
import { hwClass } from './reference/hazardous';

export type { Result };

function fail<T>(reason: string): Result<T> {
  return { ok: false, reason };
}

/** Drop all whitespace and fold full-width characters: sources paste codes with stray spaces. */
function compact(raw: string): string {
  return toHalfWidth(raw).replace(/\s+/g, '');
}

// --- USCC (统一社会信用代码, GB 32100-2015) ------------------------------------------------------

/** The 31 characters of GB 32100: digits and capitals without I, O, Z, S, V. Index = value. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters (which must already be in the alphabet). */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) throw new RangeError(`"${first17[i] ?? ''}" is not a USCC character`);
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function validateUscc(raw: string | null | undefined): Result<string> {
  if (raw === null || raw === undefined) return fail('missing USCC');
  const code = compact(raw).toUpperCase();
  if (code === '') return fail('missing USCC');
  if (code.length !== 18) return fail(`USCC must have 18 characters, got ${code.length} ("${code}")`);
  for (let i = 0; i < 18; i++) {
    const c = code[i]!;
    if (!USCC_ALPHABET.includes(c)) {
      const excluded = 'IOZSV'.includes(c) ? ' (GB 32100 excludes I, O, Z, S, V)' : '';
      return fail(`USCC character ${i + 1} "${c}" is not allowed${excluded}`);
    }
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return fail(`USCC characters 3–8 must be the 6-digit administrative division code, got "${code.slice(2, 8)}"`);
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) return fail(`USCC check character is "${code[17]}", expected "${expected}"`);
  return { ok: true, value: code };
}

// --- vehicle plates ------------------------------------------------------------------------------

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/**
 * Normalised plate: no spaces, dots or hyphens, upper case. Ordinary plates are province + letter +
 * 5 characters (no I/O); new-energy plates have 6 characters with D/F first (small) or last (large);
 * trailers end in 挂.
 */
export function validatePlate(raw: string | null | undefined): Result<string> {
  if (!raw) return fail('missing plate number');
  const plate = compact(raw).replace(/[·.\-_]/g, '').toUpperCase();
  if (plate === '') return fail('missing plate number');
  const province = plate[0]!;
  if (!PROVINCES.includes(province)) return fail(`plate "${plate}" does not start with a province abbreviation`);
  const authority = plate[1] ?? '';
  if (!/^[A-Z]$/.test(authority)) return fail(`plate "${plate}": character 2 must be a letter, got "${authority}"`);
  if (authority === 'I' || authority === 'O') return fail(`plate "${plate}": letter ${authority} is not used on plates`);
  const serial = plate.slice(2);
  if (/[IO]/.test(serial)) return fail(`plate "${plate}": letters I and O are not used on plates`);
  if (serial.length === 5 && /^[A-Z0-9]{5}$/.test(serial)) return { ok: true, value: plate };
  if (serial.length === 5 && /^[A-Z0-9]{4}挂$/.test(serial)) return { ok: true, value: plate };
  if (serial.length === 6) {
    if (/^[DF][A-Z0-9]\d{4}$/.test(serial) || /^\d{5}[DF]$/.test(serial)) return { ok: true, value: plate };
    return fail(`plate "${plate}": a new-energy plate has D or F first (then 1 letter/digit and 4 digits) or last (after 5 digits)`);
  }
  return fail(`plate "${plate}" must have 7 characters (8 for new-energy), got ${plate.length}`);
}

// --- hazardous waste -----------------------------------------------------------------------------

export function validateHwClass(raw: string | null | undefined, asOf: Date = new Date()): Result<string> {
  if (!raw) return fail('missing HW class');
  const text = compact(raw).toUpperCase();
  const match = /^HW(\d{2})$/.exec(text);
  if (!match) return fail(`HW class must look like HW01–HW50, got "${text}"`);
  const known = hwClass(text);
  if (!known) return fail(`HW class ${text} does not exist (classes run HW01–HW50)`);
  if (known.validTo && asOf >= known.validTo) {
    return fail(`HW class ${text} was retired on ${cstDate(known.validTo)} (${known.note ?? 'no longer listed'})`);
  }
  return { ok: true, value: text };
}

export interface HwCode {
  code: string; // NNN-NNN-NN
  hwClass: string; // HWNN
}

/**
 * An 8-digit national-list waste code, `NNN-NNN-NN` (hyphens optional on input), whose last two digits
 * are its class; when the record also states a class, the two must agree.
 */
export function validateHwCode(
  raw: string | null | undefined,
  options: { statedClass?: string | null; asOf?: Date } = {},
): Result<HwCode> {
  if (!raw) return fail('missing HW waste code');
  const text = compact(raw);
  const match = /^(\d{3})-?(\d{3})-?(\d{2})$/.exec(text);
  if (!match) return fail(`HW waste code must be 8 digits as NNN-NNN-NN, got "${text}"`);
  const code = `${match[1]}-${match[2]}-${match[3]}`;
  const derived = validateHwClass(`HW${match[3]}`, options.asOf);
  if (!derived.ok) return fail(`HW waste code ${code}: ${derived.reason}`);
  if (options.statedClass) {
    const stated = compact(options.statedClass).toUpperCase();
    if (stated !== derived.value) {
      return fail(`HW waste code ${code} ends in ${match[3]} (class ${derived.value}) but the record states class ${stated}`);
    }
  }
  return { ok: true, value: { code, hwClass: derived.value } };
}

// --- general industrial catalogue codes ----------------------------------------------------------

export interface CatalogueCodeMatch {
  entry: CatalogueEntry;
  catalogueVersion: string;
  /** not errors: needs-review rows (duplicate names, the nameless 99-07-01), hazard-boundary notes */
  warnings: string[];
}

/** `NN-NN-NN` or 6 digits, checked for structure (V2) and presence in the catalogue valid on `asOf` (V1). */
export function validateCatalogueCode(raw: string | null | undefined, asOf: Date = new Date()): Result<CatalogueCodeMatch> {
  if (!raw) return fail('missing catalogue waste code');
  const text = compact(raw);
  const match = /^(\d{2})-?(\d{2})-?(\d{2})$/.exec(text);
  if (!match) return fail(`catalogue waste code must be 6 digits as NN-NN-NN, got "${text}"`);
  const [, type, subclass] = match as unknown as [string, string, string, string];
  const display = `${match[1]}-${match[2]}-${match[3]}`;
  const subclassNumber = Number(subclass);
  if (subclassNumber < 1 || subclassNumber > 14) {
    return fail(`catalogue waste code ${display}: digits 3–4 must be the class ISW01–ISW14, got ${subclass}`);
  }
  if (type !== '99' && type !== '07') {
    return fail(`catalogue waste code ${display}: digits 1–2 must be 99 (other waste) or 07 (sludge), got ${type}`);
  }
  if ((type === '07') !== (subclass === '13')) {
    return fail(`catalogue waste code ${display}: type 07 (sludge) goes with class ISW13 only`);
  }
  const catalogue = catalogueAt(asOf);
  if (!catalogue) return fail(`no catalogue version in force on ${cstDate(asOf)}`);
  const entry = catalogue.entries.find((e) => e.display === display);
  if (!entry) return fail(`catalogue waste code ${display} is not in catalogue version ${catalogue.version}`);
  const warnings: string[] = [];
  if (entry.name === null) warnings.push(`${display} has no name in the printed catalogue`);
  if (entry.ambiguousDuplicateOf) warnings.push(`${display} repeats the name of ${entry.ambiguousDuplicateOf}`);
  if (entry.hazardNote) warnings.push(`${display}: ${entry.hazardNote}`);
  return { ok: true, value: { entry, catalogueVersion: catalogue.version, warnings } };
}

// --- periods -------------------------------------------------------------------------------------

export type PeriodKind = 'MONTH' | 'QUARTER' | 'YEAR';

export interface Period {
  kind: PeriodKind;
  /** canonical key: `2026-10`, `2026Q3`, `2026` */
  key: string;
  /** the months it covers, `YYYY-MM`: what monthly indexes and reconciliation join on */
  months: string[];
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function month(year: number, m: number): string {
  return `${year}-${String(m).padStart(2, '0')}`;
}

/** `YYYY-MM`, `YYYYMM`, `YYYY-Qn` / `YYYYQn`, `YYYY` (and 2026年10月 / 2026年). */
export function validatePeriod(raw: string | null | undefined, expected?: PeriodKind): Result<Period> {
  if (!raw) return fail('missing period');
  const text = compact(raw).toUpperCase().replace(/年/, '-').replace(/月$/, '').replace(/-$/, '');
  let period: Period;
  let yearText: string;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-?(\d{2})$/.exec(text)) || (match = /^(\d{4})-(\d{1,2})$/.exec(text))) {
    yearText = match[1]!;
    const m = Number(match[2]);
    if (m < 1 || m > 12) return fail(`month must be 01–12, got "${match[2]}" in "${raw}"`);
    period = { kind: 'MONTH', key: month(Number(yearText), m), months: [month(Number(yearText), m)] };
  } else if ((match = /^(\d{4})-?Q(\d)$/.exec(text))) {
    yearText = match[1]!;
    const q = Number(match[2]);
    if (q < 1 || q > 4) return fail(`quarter must be 1–4, got ${q} in "${raw}"`);
    const first = (q - 1) * 3 + 1;
    const year = Number(yearText);
    period = { kind: 'QUARTER', key: `${yearText}Q${q}`, months: [first, first + 1, first + 2].map((m) => month(year, m)) };
  } else if ((match = /^(\d{4})$/.exec(text))) {
    yearText = match[1]!;
    const year = Number(yearText);
    period = { kind: 'YEAR', key: yearText, months: Array.from({ length: 12 }, (_, i) => month(year, i + 1)) };
  } else {
    return fail(`period must be YYYY-MM, YYYYMM, YYYYQn or YYYY, got "${raw}"`);
  }
  const year = Number(yearText);
  if (year < MIN_YEAR || year > MAX_YEAR) return fail(`year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`);
  if (expected && period.kind !== expected) {
    return fail(`expected a ${expected.toLowerCase()} period, got ${period.kind.toLowerCase()} "${period.key}"`);
  }
  return { ok: true, value: period };
}

/** The calendar date of an instant in China Standard Time, `YYYY-MM-DD`. */
export function cstDate(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The month key of an instant in China Standard Time (sources work in +08:00). */
export function monthOf(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return month(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1);
}
