/**
 * Exact decimal text for indicator values: every value is computed from integers (grams, fen, persons,
 * counts) with BigInt and written as a fixed-scale decimal string, never through a binary float. The
 * representation matches the sandbox's ground truth: ratios rounded half-up to 6 decimals, tonnages
 * as tonnes truncated to 4 decimals with trailing zeros trimmed.
 */

export const RATIO_SCALE = 6;
const RATIO_ONE = 10n ** BigInt(RATIO_SCALE);

/** numerator ÷ denominator, half-up to `scale` decimals (non-negative operands); null when the denominator is 0. */
export function ratioText(numerator: bigint, denominator: bigint, scale = RATIO_SCALE): string | null {
  if (denominator === 0n) return null;
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const one = 10n ** BigInt(scale);
  const scaled = (n * one * 2n + d) / (2n * d);
  const whole = scaled / one;
  const fraction = String(scaled % one).padStart(scale, '0');
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** Grams as tonnes, truncated to 4 decimals (100 g, the finest unit a source states tonnes in), zeros trimmed. */
export function tonnesText(grams: bigint): string {
  const negative = grams < 0n;
  const abs = negative ? -grams : grams;
  const whole = abs / 1_000_000n;
  const fraction = String(abs % 1_000_000n).padStart(6, '0').slice(0, 4).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A decimal string as an integer scaled by 10^scale (truncating extra digits); null when not a decimal. */
export function scaledDecimal(text: string, scale = RATIO_SCALE): bigint | null {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = (match[3] ?? '').padEnd(scale, '0').slice(0, scale);
  const value = BigInt(match[2]!) * 10n ** BigInt(scale) + BigInt(fraction || '0');
  return match[1] === '-' ? -value : value;
}

/** Compares two decimal strings exactly: -1, 0 or 1 (12 decimals of precision). */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = scaledDecimal(a, 12);
  const y = scaledDecimal(b, 12);
  if (x === null || y === null) throw new RangeError(`not decimals: ${a}, ${b}`);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** a − b as a decimal string with the larger scale of the two; null when either is not a decimal. */
export function subtractDecimal(a: string, b: string): string | null {
  const scale = Math.max(decimalsOf(a), decimalsOf(b));
  const x = scaledDecimal(a, scale);
  const y = scaledDecimal(b, scale);
  if (x === null || y === null) return null;
  return formatScaled(x - y, scale);
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** An integer scaled by 10^scale as fixed-scale decimal text. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** 1 − share, both as 6-decimal ratios: the confidence from the share of input mass under open flags. */
export function complementRatio(share: string): string {
  const scaled = scaledDecimal(share, RATIO_SCALE) ?? 0n;
  return formatScaled(RATIO_ONE - scaled, RATIO_SCALE);
}
