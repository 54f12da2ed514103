/** Exact decimal mass arithmetic on strings (the API's Grams are integer strings; no binary floats). */

const GRAMS_PER_UNIT = { t: 6, kg: 3, g: 0 } as const;
export type MassUnit = keyof typeof GRAMS_PER_UNIT;
export const MASS_UNITS = Object.keys(GRAMS_PER_UNIT) as MassUnit[];

export function isMassUnit(unit: string): unit is MassUnit {
  return unit in GRAMS_PER_UNIT;
}

/**
 * "12.3456" t → "12345600". Null when the amount is not a non-negative decimal or is not a whole number
 * of grams in that unit (the API stores whole grams).
 */
export function toGrams(amount: string, unit: MassUnit): string | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return null;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const shift = GRAMS_PER_UNIT[unit];
  if (fraction.length > shift) return null;
  const digits = `${whole}${fraction.padEnd(shift, '0')}`.replace(/^0+(?=\d)/, '');
  return digits;
}

/** "12345600" g → "12.3456" t, exact; for tables and tooltips. */
export function gramsToTonnes(grams: string): string {
  const negative = grams.startsWith('-');
  const digits = (negative ? grams.slice(1) : grams).padStart(7, '0');
  const whole = digits.slice(0, -6).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(-6).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
