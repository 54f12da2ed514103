/** Entity resolution for parties across sources. */
export * from './normalise';
export * from './matcher';
export * from './resolver';
export * from './decisions';
export { partiesChangedElsewhere } from './partyCache';
