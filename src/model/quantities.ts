/**
 * Exact quantities. Masses are integer grams (every source's precision fits: 0.0001 t = 100 g,
 * 0.01 kg = 10 g); money is integer fen (分); people are integer persons. Values are parsed from their
 * decimal text by string arithmetic, never by multiplying binary floats, so `12.345` t is exactly
 * 12 345 000 g. A JSON number is converted through its shortest round-trip decimal string (`String(n)`),
 * which is the text the source wrote for every value a source can reasonably write.
 *
 * Stored values are JS integers within Number.MAX_SAFE_INTEGER (≈ 9 million tonnes per value); BSON
 * keeps them as int32 or as doubles holding integers, both exact. Totals are summed as BigInt.
 */

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Units a source may state a mass in, with the number of grams in one unit as a power of ten. */
export const MASS_UNITS = {
  g: 0,
  kg: 3,
  t: 6,
  '万吨': 10,
} as const;
export type MassUnit = keyof typeof MASS_UNITS;

const MASS_UNIT_ALIASES: Record<string, MassUnit> = {
  g: 'g',
  '克': 'g',
  kg: 'kg',
  '千克': 'kg',
  '公斤': 'kg',
  t: 't',
  '吨': 't',
  tonne: 't',
  tonnes: 't',
  '万吨': '万吨',
  '万t': '万吨',
};

/** The value and unit exactly as the source stated them, kept beside the converted integer. */
export interface OriginalQuantity {
  value: string;
  unit: string;
}

export interface Mass {
  grams: number;
  original: OriginalQuantity;
}

export function normaliseMassUnit(unit: string): MassUnit | null {
  const key = toHalfWidth(unit).trim().replace(/\s+/g, '');
  return MASS_UNIT_ALIASES[key] ?? MASS_UNIT_ALIASES[key.toLowerCase()] ?? null;
}

/** Full-width digits, signs and points (common in hospital spreadsheets) to ASCII. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/\u3002/g, '.');
}

interface DecimalParts {
  negative: boolean;
  /** digits without a point, no leading zeros except a lone "0" */
  digits: string;
  /** value = digits × 10^-scale */
  scale: number;
}

/** The decimal text of a value: strings as written (trimmed, full-width folded), numbers via String(n). */
export function decimalText(value: string | number | bigint): Result<string> {
  if (typeof value === 'bigint') return { ok: true, value: value.toString() };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: `not a finite number: ${String(value)}` };
    return { ok: true, value: String(value) };
  }
  const text = toHalfWidth(value).trim();
  if (text === '') return { ok: false, reason: 'empty value' };
  return { ok: true, value: text };
}

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function splitDecimal(text: string): Result<DecimalParts> {
  const match = DECIMAL_PATTERN.exec(text);
  if (!match || ((match[2] ?? '') === '' && (match[3] ?? '') === '')) {
    return { ok: false, reason: `not a decimal number: "${text}"` };
  }
  const intPart = match[2] ?? '';
  const fracPart = match[3] ?? '';
  const exponent = match[4] === undefined ? 0 : Number(match[4]);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) {
    return { ok: false, reason: `exponent out of range in "${text}"` };
  }
  const digits = (intPart + fracPart).replace(/^0+(?=\d)/, '');
  return { ok: true, value: { negative: match[1] === '-', digits, scale: fracPart.length - exponent } };
}

/**
 * The integer value × 10^power of a decimal, exactly, or a reason when the result would need more
 * precision than one unit (e.g. 0.0000001 t is a tenth of a gram) or exceed Number.MAX_SAFE_INTEGER.
 */
export function scaleDecimalToInteger(
  value: string | number | bigint,
  power: number,
  unitName: string,
): Result<number> {
  const text = decimalText(value);
  if (!text.ok) return text;
  const parts = splitDecimal(text.value);
  if (!parts.ok) return parts;
  const { negative, scale } = parts.value;
  let digits = parts.value.digits;
  const shift = power - scale; // value × 10^power = digits × 10^shift
  if (shift >= 0) {
    digits = digits === '0' ? '0' : digits + '0'.repeat(shift);
  } else {
    const cut = -shift;
    const padded = digits.padStart(cut + 1, '0');
    const dropped = padded.slice(padded.length - cut);
    if (/[^0]/.test(dropped)) {
      return { ok: false, reason: `"${text.value}" has more precision than 1 ${unitName}` };
    }
    digits = padded.slice(0, padded.length - cut);
  }
  const big = BigInt(digits) * (negative ? -1n : 1n);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < -BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, reason: `"${text.value}" is too large: exceeds ${Number.MAX_SAFE_INTEGER} ${unitName}` };
  }
  const result = Number(big);
  return { ok: true, value: Object.is(result, -0) ? 0 : result };
}

export interface ParseOptions {
  /** Stock changes and corrections may be negative; physical masses may not (the default). */
  allowNegative?: boolean;
}

/** A stated mass to integer grams, keeping the statement. `parseMass('12.345', 't')` → 12 345 000 g. */
export function parseMass(value: string | number | bigint, unit: string, options: ParseOptions = {}): Result<Mass> {
  const massUnit = normaliseMassUnit(unit);
  if (!massUnit) return { ok: false, reason: `unknown mass unit "${unit}" (expected t, kg, g or 万吨)` };
  const text = decimalText(value);
  if (!text.ok) return text;
  const grams = scaleDecimalToInteger(text.value, MASS_UNITS[massUnit], 'g');
  if (!grams.ok) return grams;
  if (grams.value < 0 && !options.allowNegative) {
    return { ok: false, reason: `negative mass "${text.value}" ${unit}` };
  }
  return { ok: true, value: { grams: grams.value, original: { value: text.value, unit } } };
}

/** parseMass for callers that have already validated the input (sandbox, fixtures): throws on failure. */
export function massOrThrow(value: string | number | bigint, unit: string, options: ParseOptions = {}): Mass {
  const parsed = parseMass(value, unit, options);
  if (!parsed.ok) throw new RangeError(parsed.reason);
  return parsed.value;
}

export function tonnesToGrams(value: string | number): Result<number> {
  const parsed = parseMass(value, 't');
  return parsed.ok ? { ok: true, value: parsed.value.grams } : parsed;
}

/** Integer scaled by 10^places as an exact decimal string without trailing zeros: (12345000n, 6) → "12.345". */
export function formatScaled(amount: number | bigint, places: number): string {
  if (typeof amount === 'number' && !Number.isSafeInteger(amount)) {
    throw new RangeError(`not a safe integer: ${amount}`);
  }
  const big = BigInt(amount);
  const negative = big < 0n;
  const digits = (negative ? -big : big).toString().padStart(places + 1, '0');
  const intPart = digits.slice(0, digits.length - places);
  const fracPart = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${negative ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}`;
}

export function formatGramsAsTonnes(grams: number | bigint): string {
  return formatScaled(grams, MASS_UNITS.t);
}

export function formatGramsAsKg(grams: number | bigint): string {
  return formatScaled(grams, MASS_UNITS.kg);
}

/** Exact sum; BigInt so a city-year total cannot overflow. */
export function sumGrams(values: Iterable<number | bigint>): bigint {
  let total = 0n;
  for (const value of values) {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new RangeError(`not an integer gram value: ${value}`);
    }
    total += BigInt(value);
  }
  return total;
}

/** A BigInt total back to a JS number for storage, refusing values a double cannot hold exactly. */
export function toSafeInteger(total: bigint): Result<number> {
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < -BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, reason: `${total} exceeds Number.MAX_SAFE_INTEGER` };
  }
  return { ok: true, value: Number(total) };
}

/**
 * A number read back from MongoDB (an aggregation `$sum` or a stored value) as an exact integer:
 * a sum past 2^53 may already have been rounded by the server, so it is refused rather than trusted.
 */
export function exactIntegerFromDb(value: unknown): Result<number> {
  if (typeof value === 'bigint') return toSafeInteger(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return { ok: true, value };
  if (typeof value === 'number') return { ok: false, reason: `${value} is not an exact integer` };
  // bson Long/Int32 wrappers when promoteValues is off
  if (typeof value === 'object' && value !== null && 'toString' in value) {
    const text = String(value);
    if (/^-?\d+$/.test(text)) return toSafeInteger(BigInt(text));
  }
  return { ok: false, reason: `not an integer: ${String(value)}` };
}

// --- money and people (econ figures, tax amounts) -------------------------------------------------

export const MONEY_UNITS = { '分': 0, '元': 2, '万元': 6, '亿元': 10 } as const;
export type MoneyUnit = keyof typeof MONEY_UNITS;
export const PERSON_UNITS = { '人': 0, '万人': 4 } as const;
export type PersonUnit = keyof typeof PERSON_UNITS;

export interface ScaledAmount {
  amount: number;
  original: OriginalQuantity;
}

function parseScaled<U extends string>(
  value: string | number,
  unit: string,
  units: Record<U, number>,
  baseName: string,
): Result<ScaledAmount> {
  const key = toHalfWidth(unit).trim() as U;
  const power = units[key];
  if (power === undefined) {
    return { ok: false, reason: `unknown unit "${unit}" (expected ${Object.keys(units).join(', ')})` };
  }
  const text = decimalText(value);
  if (!text.ok) return text;
  const amount = scaleDecimalToInteger(text.value, power, baseName);
  if (!amount.ok) return amount;
  return { ok: true, value: { amount: amount.value, original: { value: text.value, unit } } };
}

/** Money to integer fen: `parseMoney('1234.56', '万元')` → 1 234 560 000 分. */
export function parseMoney(value: string | number, unit: string): Result<ScaledAmount> {
  return parseScaled(value, unit, MONEY_UNITS, '分');
}

/** Population to integer persons: `parsePersons('63.45', '万人')` → 634 500. */
export function parsePersons(value: string | number, unit: string): Result<ScaledAmount> {
  return parseScaled(value, unit, PERSON_UNITS, 'person');
}
