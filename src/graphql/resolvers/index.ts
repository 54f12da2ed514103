/** Every domain's resolvers, merged. Adding a domain: one schema/<domain>.graphql and one line here. */
import type { Resolvers } from '../generated/resolvers';
import { DateTime, Grams, JSONScalar } from '../scalars';
import { coreResolvers } from './core';
import { flagResolvers } from './flags';
import { jobResolvers } from './jobs';

export const resolvers: Resolvers[] = [
  { DateTime, Grams, JSON: JSONScalar },
  coreResolvers,
  flagResolvers,
  jobResolvers,
];
