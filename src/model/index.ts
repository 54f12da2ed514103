/** The unified model: importing this module registers every collection (syncIndexes creates their indexes). */
export * from './common';
export * from './quantities';
export * from './validators';
export * from './party';
export * from './facility';
export * from './project';
export * from './vehicle';
export * from './community';
export * from './movement';
export * from './periodReport';
export * from './sourceRecord';
export * from './filing';
export * from './quarantine';
export * from './syncRun';
export * from './syncState';
export * from './referenceItem';
export * from './resolutionCase';
export * from './resolutionDecision';
export * from './reference';
// the lists the `movements` connection pages through (kept beside the movements, read by _id)
import '../store/movementLists';
