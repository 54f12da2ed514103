/** Builds the executable schema from the SDL in schema/*.graphql (the contract) and the resolvers. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { applyAuthorization } from './auth';
import { applyDeadline } from './deadline';
import { resolvers } from './resolvers';

export const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');

export function loadTypeDefs(dir = SCHEMA_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as never[] });
  return applyAuthorization(applyDeadline(schema));
}
