/** What a compute function reads and returns: integers in, an exact decimal value out. */
import type { InputName, InputUnit } from '../definitions';

export type InputTotals = Readonly<Record<InputName, bigint>>;

export type QuantityUnit = InputUnit | 'kg_day' | 'one';

export interface ComputedValue {
  /** decimal string (ratios half-up to 6 decimals, tonnages truncated to 4); null when the denominator is zero */
  value: string | null;
  numerator: bigint;
  numeratorUnit: QuantityUnit;
  denominator: bigint;
  denominatorUnit: QuantityUnit;
}

export type ComputeFunction = (inputs: InputTotals) => ComputedValue;
