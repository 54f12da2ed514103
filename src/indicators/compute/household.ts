/** Household indicators: weigh tickets, recyclables, communities, population. */
import { ratioText } from '../decimals';
import { ratio, tonnage } from './shapes';
import type { ComputeFunction } from './types';

/** ZW06 kg/人/日 = collected grams ÷ (1000 × person-days); collection coverage is 1. */
export const zw06: ComputeFunction = (i) => {
  const numerator = i['household.collected'];
  const denominator = i['taxstat.econ.personDays'];
  return { value: ratioText(numerator, 1000n * denominator), numerator, numeratorUnit: 'g', denominator, denominatorUnit: 'person_day' };
};

/** ZW07 = communities with sorted collection ÷ communities. */
export const zw07: ComputeFunction = (i) => ratio(i['household.communitiesSorted'], i['household.communities'], 'count');

/** ZW12 = (recyclables + recyclables weighed in at sorting centres + perishables) ÷ (collected + recyclables). */
export const zw12: ComputeFunction = (i) =>
  ratio(
    i['household.recyclablesStream'] + i['household.recyclablesTicketed'] + i['household.perishables'],
    i['household.collected'] + i['household.recyclablesStream'],
  );

/** ZW20 = landfilled, in tonnes. */
export const zw20: ComputeFunction = (i) => tonnage(i['household.landfilled']);

/** ZW21 = communities in the hazardous-waste system ÷ communities. */
export const zw21: ComputeFunction = (i) => ratio(i['household.communitiesHazardous'], i['household.communities'], 'count');
