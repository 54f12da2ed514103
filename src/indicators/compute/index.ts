/** One compute function per computable indicator code, pure over the pre-aggregated inputs. */
import { zw11, zw19 } from './construction';
import { zw06, zw07, zw12, zw20, zw21 } from './household';
import { hwLandfillRate, zw01, zw09, zw10, zw15, zw18 } from './industrial';
import { zw14, zw16 } from './medical';
import type { ComputeFunction } from './types';

export type { ComputeFunction, ComputedValue, InputTotals, QuantityUnit } from './types';

export const COMPUTE: Readonly<Record<string, ComputeFunction>> = {
  ZW01: zw01,
  ZW06: zw06,
  ZW07: zw07,
  ZW09: zw09,
  ZW10: zw10,
  ZW11: zw11,
  ZW12: zw12,
  ZW14: zw14,
  ZW15: zw15,
  ZW16: zw16,
  ZW18: zw18,
  ZW19: zw19,
  ZW20: zw20,
  ZW21: zw21,
  'HW-LANDFILL-RATE': hwLandfillRate,
};
