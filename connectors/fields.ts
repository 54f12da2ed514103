/**
 * Zod field parsers shared by the record schemas of all five sources. They parse what the specs
 * describe (shared/sources/README.md "Conventions"): decimal quantities kept as exact decimal strings
 * (the hub never stores binary floating point), ISO times with offset, local CSV times at +08:00,
 * periods, full-width digits. They are strict about what makes a record unusable (an id, a number, a
 * time that cannot be read) and lenient about what reconciliation rules judge later (an invalid USCC
 * check character, a waste code in the wrong format): those must reach the rules, not the quarantine.
 */
import { z } from 'zod';

const FULL_WIDTH_START = 0xff01;
const FULL_WIDTH_END = 0xff5e;
const FULL_WIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;

/** Full-width ASCII (０-９, Ａ-Ｚ, （）, ．, －, …) and the ideographic space → their ASCII forms. */
export function toHalfWidth(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= FULL_WIDTH_START && code <= FULL_WIDTH_END) out += String.fromCodePoint(code - FULL_WIDTH_OFFSET);
    else if (code === IDEOGRAPHIC_SPACE) out += ' ';
    else out += char;
  }
  return out;
}

/** Cell text as the parsers see it: half-width, trimmed. */
function clean(value: unknown): unknown {
  return typeof value === 'string' ? toHalfWidth(value).trim() : value;
}

const isBlank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && clean(value) === '');

/** Makes any field parser accept absence (undefined, null, blank cell) as null. */
export function nullable<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value) => (isBlank(value) ? null : value), schema.nullable());
}

/** Non-empty text, trimmed and half-width normalised (ids, names, codes). */
export const text = z.preprocess(
  clean,
  z.string({ error: 'expected text' }).min(1, { error: 'expected non-empty text' }),
);

/** Free text kept as written except trimming (names are matched by entity resolution, not here). */
export const label = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim() : value),
  z.string({ error: 'expected text' }).min(1, { error: 'expected non-empty text' }),
);

/** 统一社会信用代码 as written, upper-cased; validity (check character) is judged by the ID-USCC rule. */
export const uscc = z.preprocess(
  (value) => (typeof value === 'string' ? toHalfWidth(value).replace(/\s+/g, '').toUpperCase() : value),
  z.string({ error: 'expected a USCC' }).min(1, { error: 'expected a USCC' }),
);

const DECIMAL = /^[+-]?(\d+)(\.\d+)?$/;

/** Turns a JS number into plain decimal text (no exponent), the shortest that round-trips. */
function numberToDecimalText(value: number): string {
  const shortest = String(value);
  if (!/e/i.test(shortest)) return shortest;
  const [mantissa = '', exponentText = '0'] = shortest.toLowerCase().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const [whole = '', fraction = ''] = mantissa.replace('-', '').split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  const plain =
    point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + plain;
}

/** Canonical decimal text: no sign for positives, no leading zeros, fraction as given. */
function canonicalDecimal(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? numberToDecimalText(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = toHalfWidth(value).trim();
  // commas only as thousands separators (1,234.5); "18,5" is a decimal comma, not 185
  if (trimmed.includes(',') && !/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed)) return undefined;
  const compact = trimmed.replace(/,/g, '');
  const match = DECIMAL.exec(compact);
  if (!match) return undefined;
  const negative = compact.startsWith('-') && /[1-9]/.test(compact);
  const whole = (match[1] ?? '0').replace(/^0+(?=\d)/, '');
  return `${negative ? '-' : ''}${whole}${match[2] ?? ''}`;
}

/**
 * Pure: decimal text × 10^powerOfTen, exactly (the point moves; no binary floating point), e.g. a weight
 * stated in tonnes into kg ("1.2345", 3 → "1234.5"). Undefined when the text is not a decimal.
 */
export function scaleDecimalText(value: string, powerOfTen: number): string | undefined {
  const canonical = canonicalDecimal(value);
  if (canonical === undefined) return undefined;
  const negative = canonical.startsWith('-');
  const [whole = '0', fraction = ''] = canonical.replace(/^-/, '').split('.');
  const digits = whole + fraction;
  const point = whole.length + powerOfTen;
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const integerPart = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const fractionPart = padded.slice(at).replace(/0+$/, '');
  return `${negative && /[1-9]/.test(digits) ? '-' : ''}${integerPart}${fractionPart ? `.${fractionPart}` : ''}`;
}

/**
 * A quantity or amount as exact decimal text ("12.3456"). JSON numbers are read back as the shortest
 * decimal that round-trips, which is what the source wrote; CSV text may carry full-width digits and
 * thousands separators. The model converts to integer grams.
 */
export const decimal = z.unknown().transform((value, ctx) => {
  const parsed = canonicalDecimal(value);
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected a decimal number' });
    return z.NEVER;
  }
  return parsed;
});

/** A decimal that must not be negative (masses, counts of t). */
export const nonNegativeDecimal = decimal.refine((value) => !value.startsWith('-'), { error: 'expected a non-negative number' });

/** A whole number (kg integers, households, bags). */
export const integer = z.unknown().transform((value, ctx) => {
  const parsed = canonicalDecimal(value);
  const asNumber = parsed === undefined ? NaN : Number(parsed);
  if (parsed === undefined || !/^-?\d+$/.test(parsed) || !Number.isSafeInteger(asNumber)) {
    ctx.addIssue({ code: 'custom', message: 'expected a whole number' });
    return z.NEVER;
  }
  return asNumber;
});

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad2 = (n: number | string) => String(n).padStart(2, '0');

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** JSON time: ISO 8601 with an offset (a time without offset is ambiguous, so rejected). Kept as written. */
export const isoInstant = z.unknown().transform((value, ctx) => {
  const candidate = typeof value === 'string' ? value.trim() : '';
  const match = ISO_WITH_OFFSET.exec(candidate);
  if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) || Number.isNaN(Date.parse(candidate))) {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 time with offset' });
    return z.NEVER;
  }
  return candidate;
});

const LOCAL_DATE_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * CSV/XLSX time: local `YYYY-MM-DD HH:mm:ss` (seconds optional, `/` tolerated, full-width digits
 * tolerated), China Standard Time implied → ISO 8601 `…+08:00`. An ISO time with offset is kept.
 */
export const localDateTime = z.unknown().transform((value, ctx) => {
  const candidate = typeof value === 'string' ? toHalfWidth(value).trim() : '';
  if (ISO_WITH_OFFSET.test(candidate) && !Number.isNaN(Date.parse(candidate))) return candidate;
  const match = LOCAL_DATE_TIME.exec(candidate);
  const [, year, month, day, hour, minute, second = '00'] = match ?? [];
  if (!match || !isRealDate(Number(year), Number(month), Number(day)) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    ctx.addIssue({ code: 'custom', message: 'expected a local time YYYY-MM-DD HH:mm:ss' });
    return z.NEVER;
  }
  return `${year}-${pad2(month ?? '')}-${pad2(day ?? '')}T${pad2(hour ?? '')}:${minute}:${second}+08:00`;
});

const LOCAL_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?: 00:00(?::00)?)?$/;

/** A calendar date `YYYY-MM-DD` (`/` and a midnight time part from spreadsheets tolerated). */
export const localDate = z.unknown().transform((value, ctx) => {
  const candidate = typeof value === 'string' ? toHalfWidth(value).trim() : '';
  const match = LOCAL_DATE.exec(candidate);
  const [, year, month, day] = match ?? [];
  if (!match || !isRealDate(Number(year), Number(month), Number(day))) {
    ctx.addIssue({ code: 'custom', message: 'expected a date YYYY-MM-DD' });
    return z.NEVER;
  }
  return `${year}-${pad2(month ?? '')}-${pad2(day ?? '')}`;
});

/** A month written `YYYYMM` or `YYYY-MM` → `YYYY-MM`. */
export const month = z.unknown().transform((value, ctx) => {
  const candidate = typeof value === 'number' ? String(value) : typeof value === 'string' ? toHalfWidth(value).trim() : '';
  const match = /^(\d{4})-?(\d{2})$/.exec(candidate);
  const monthNumber = Number(match?.[2]);
  if (!match || monthNumber < 1 || monthNumber > 12) {
    ctx.addIssue({ code: 'custom', message: 'expected a month YYYYMM or YYYY-MM' });
    return z.NEVER;
  }
  return `${match[1]}-${match[2]}`;
});

/** `1`/`0` (or true/false) → boolean. */
export const flag01 = z.unknown().transform((value, ctx) => {
  const candidate = typeof value === 'string' ? value.trim() : value;
  if (candidate === 1 || candidate === '1' || candidate === true) return true;
  if (candidate === 0 || candidate === '0' || candidate === false) return false;
  ctx.addIssue({ code: 'custom', message: 'expected 1 or 0' });
  return z.NEVER;
});

/** A comma list (`CSDW,JYDW`; full-width commas tolerated) → trimmed non-empty items. */
export const commaList = z.unknown().transform((value, ctx) => {
  if (value === null || value === undefined || value === '') return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item) => item.trim()).filter(Boolean);
  if (typeof value !== 'string') {
    ctx.addIssue({ code: 'custom', message: 'expected a comma-separated list' });
    return z.NEVER;
  }
  return value
    .split(/[,，、]/)
    .map((item) => toHalfWidth(item).trim())
    .filter(Boolean);
});

/**
 * One of a spec's codes. `labels` maps the Chinese labels some files use to the code (e.g. 焚烧 →
 * itself, 已作废 → VOIDED), so a file and an API deliver the same values.
 */
export function oneOf<const Code extends string>(codes: readonly Code[], labels: Readonly<Record<string, Code>> = {}) {
  return z.unknown().transform((value, ctx): Code => {
    const candidate = typeof value === 'number' ? String(value) : typeof value === 'string' ? toHalfWidth(value).trim() : '';
    const code = (codes as readonly string[]).includes(candidate) ? (candidate as Code) : labels[candidate];
    if (code === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${codes.join(' / ')}` });
      return z.NEVER;
    }
    return code;
  });
}

/** JSON boolean (or the strings "true"/"false"). */
export const bool = z.unknown().transform((value, ctx) => {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  ctx.addIssue({ code: 'custom', message: 'expected true or false' });
  return z.NEVER;
});
