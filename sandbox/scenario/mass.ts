/**
 * Quantities are generated as integer grams so totals are exact; each source then states them in its own
 * unit with the precision its spec implies (t with up to 4 decimals = 100 g; kg with 2 decimals = 10 g).
 */

export const GRAMS_PER_TONNE = 1_000_000;
export const GRAMS_PER_KG = 1_000;

/** Rounds grams to a multiple of `step` grams (the precision a source can state). */
export function roundGrams(grams: number, step: number): number {
  return Math.round(grams / step) * step;
}

function decimal(grams: number, gramsPerUnit: number, decimals: number): string {
  const negative = grams < 0;
  const abs = Math.abs(grams);
  const whole = Math.floor(abs / gramsPerUnit);
  const fraction = abs - whole * gramsPerUnit;
  const fractionDigits = String(fraction).padStart(String(gramsPerUnit).length - 1, '0').slice(0, decimals);
  const trimmed = fractionDigits.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${trimmed ? `.${trimmed}` : ''}`;
}

/** `12.3456` — exact when grams is a multiple of 100. */
export function tonnesText(grams: number): string {
  return decimal(grams, GRAMS_PER_TONNE, 4);
}

/** JSON number that serialises to exactly `tonnesText(grams)` (shortest round-trip). */
export function tonnesNumber(grams: number): number {
  return Number(tonnesText(grams));
}

/** `12.35` — exact when grams is a multiple of 10. */
export function kgText(grams: number): string {
  return decimal(grams, GRAMS_PER_KG, 2);
}

/** Parses a decimal text in the unit into grams, exactly (no binary floating point). */
export function parseToGrams(text: string, gramsPerUnit: number): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const unitDigits = String(gramsPerUnit).length - 1;
  const fraction = (match[3] ?? '').padEnd(unitDigits, '0');
  if (fraction.length > unitDigits && /[1-9]/.test(fraction.slice(unitDigits))) {
    throw new Error(`more precision than grams: ${text}`);
  }
  const grams = Number(match[2]) * gramsPerUnit + Number(fraction.slice(0, unitDigits) || '0');
  return match[1] === '-' ? -grams : grams;
}
