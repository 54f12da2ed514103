/** Industrial indicators: general SW (ledgers), hazardous waste (ledgers + manifests), intensity (+ econ). */
import { ratioText } from '../decimals';
import { ratio, tonnage } from './shapes';
import type { ComputeFunction } from './types';

/** ZW01 t/万元 = grams ÷ fen exactly (1 t = 10^6 g, 1 万元 = 10^6 fen). */
export const zw01: ComputeFunction = (i) => {
  const numerator = i['industrial.general.generated'] + i['industrial.hw.generated'];
  const denominator = i['taxstat.econ.industrialValueAdded'];
  return { value: ratioText(numerator, denominator), numerator, numeratorUnit: 'g', denominator, denominatorUnit: 'fen' };
};

/** ZW09 = (zxlyl + wtlyl) ÷ (csl + wnzcly); utilisation already includes what came from stock. */
export const zw09: ComputeFunction = (i) =>
  ratio(i['industrial.general.utilised'], i['industrial.general.generated'] + i['industrial.general.utilisedFromStock']);

/** ZW10 = received utilised (R*) ÷ HW generated (HW ledgers carry no prior-year stock utilised). */
export const zw10: ComputeFunction = (i) => ratio(i['industrial.hw.receivedUtilised'], i['industrial.hw.generated']);

/** 危险废物填埋率 = received landfilled (D1) ÷ HW generated. */
export const hwLandfillRate: ComputeFunction = (i) => ratio(i['industrial.hw.receivedLandfilled'], i['industrial.hw.generated']);

/** ZW15 = licensed disposal (D*) + on-site utilisation/disposal, in tonnes. */
export const zw15: ComputeFunction = (i) => tonnage(i['industrial.hw.receivedDisposed'] + i['industrial.hw.onSite']);

/** ZW18 = disposed + closing stock, in tonnes. */
export const zw18: ComputeFunction = (i) => tonnage(i['industrial.general.disposed'] + i['industrial.general.closingStock']);
