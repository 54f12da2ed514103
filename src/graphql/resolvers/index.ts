/** Every domain's resolvers, merged. Adding a domain: one schema/<domain>.graphql and one line here. */
import type { Resolvers } from '../generated/resolvers';
import { DateTime, Grams, JSONScalar } from '../scalars';
import { completenessResolvers } from './completeness';
import { coreResolvers } from './core';
import { flagResolvers } from './flags';
import { movementResolvers } from './movements';
import { partyResolvers } from './parties';
import { referenceResolvers } from './reference';
import { jobResolvers } from './jobs';
import { indicatorResolvers } from './indicators';
import { lineageResolvers } from './lineage';
import { quarantineResolvers } from './quarantine';
import { reconcileResolvers } from './reconcile';
import { resolutionResolvers } from './resolution';
import { sourceResolvers } from './sources';
import { toleranceResolvers } from './tolerances';
import { webhookResolvers } from './webhooks';

export const resolvers: Resolvers[] = [
  { DateTime, Grams, JSON: JSONScalar },
  coreResolvers,
  flagResolvers,
  partyResolvers,
  movementResolvers,
  referenceResolvers,
  jobResolvers,
  indicatorResolvers,
  lineageResolvers,
  quarantineResolvers,
  reconcileResolvers,
  resolutionResolvers,
  sourceResolvers,
  toleranceResolvers,
  completenessResolvers,
  webhookResolvers,
];
