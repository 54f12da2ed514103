/** Medical indicators: coverage from disposer receipts, recyclables recovery. */
import { ratio } from './shapes';
import type { ComputeFunction } from './types';

/** ZW14 = recyclables recovered ÷ generated. */
export const zw14: ComputeFunction = (i) => ratio(i['medical.recyclablesRecovered'], i['medical.recyclablesGenerated']);

/** ZW16 = registered institutions with a receipt in the month ÷ registered institutions. */
export const zw16: ComputeFunction = (i) => ratio(i['medical.institutionsCovered'], i['medical.institutions'], 'count');
