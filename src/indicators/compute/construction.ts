/** Construction-waste indicators from e-waybills (by exit month). */
import { ratio, tonnage } from './shapes';
import type { ComputeFunction } from './types';

/** ZW11 = entered at recycling plants ÷ hauled (site exit). */
export const zw11: ComputeFunction = (i) => ratio(i['construction.toRecycling'], i['construction.hauled']);

/** ZW19 = entered at disposal sites (消纳场), in tonnes. */
export const zw19: ComputeFunction = (i) => tonnage(i['construction.toDisposalSite']);
