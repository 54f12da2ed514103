/** The three shapes every computable indicator takes: a ratio of two sums, a tonnage, a per-capita rate. */
import { ratioText, tonnesText } from '../decimals';
import type { ComputedValue, QuantityUnit } from './types';

export function ratio(numerator: bigint, denominator: bigint, numeratorUnit: QuantityUnit = 'g', denominatorUnit: QuantityUnit = numeratorUnit): ComputedValue {
  return { value: ratioText(numerator, denominator), numerator, numeratorUnit, denominator, denominatorUnit };
}

export function tonnage(grams: bigint): ComputedValue {
  return { value: tonnesText(grams), numerator: grams, numeratorUnit: 'g', denominator: 1n, denominatorUnit: 'one' };
}
