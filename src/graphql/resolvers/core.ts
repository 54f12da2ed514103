/** Health, the caller, agencies and API keys. */
import { ApiKeyModel } from '../../auth/apiKey';
import { createApiKey, KeyInputError, revokeApiKey } from '../../auth/keys';
import { AGENCY_SCOPES, agencyScope, type AgencyScope } from '../../auth/roles';
import { pingMongo } from '../../infra/mongo';
import { pingRedis } from '../../infra/redis';
import { parse } from 'graphql';
import { issueToken, MAX_TOKEN_TTL_SECONDS } from '../../auth/tokens';
import { registerTrustedOperation, TrustedOperationModel } from '../../auth/trustedOperations';
import { badInput, echo, notFound } from '../errors';
import type { Resolvers } from '../generated/resolvers';

/** Health fields are resolved lazily from this marker, so a query pays only for what it selects. */
export type HealthParent = { checkedAt: number };

const startedAt = Date.now();

function agencyOf(code: string): AgencyScope {
  return agencyScope(code) ?? { code, name: code, fullName: code, formerNames: [], streams: [] };
}

export const coreResolvers: Resolvers = {
  Query: {
    health: () => ({ checkedAt: Date.now() }),
    me: (_parent, _args, { caller }) => caller!,
    agencies: () => [...AGENCY_SCOPES],
    apiKeys: async (_parent, { includeRevoked }) =>
      ApiKeyModel.find(includeRevoked ? {} : { revokedAt: null }).sort({ createdAt: 1 }).lean().exec(),
    trustedOperations: () => TrustedOperationModel.find({}).sort({ registeredAt: 1 }).lean().exec(),
  },
  Mutation: {
    createApiKey: async (_parent, { input }, { caller }) => {
      try {
        const { key, record } = await createApiKey({ ...input, label: input.label ?? undefined, trustedOnly: input.trustedOnly ?? false, createdBy: caller!.keyId });
        return { key, apiKey: record };
      } catch (err) {
        if (err instanceof KeyInputError) throw badInput(err.message);
        throw err;
      }
    },
    issueToken: (_parent, { ttlSeconds }, { caller }) => {
      const ttl = ttlSeconds ?? 900;
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) throw badInput(`ttlSeconds must be 1 to ${MAX_TOKEN_TTL_SECONDS}; got ${ttl}`, 'ttlSeconds');
      return issueToken(caller!.keyId, ttl);
    },
    registerTrustedOperation: async (_parent, { document, name }, { caller }) => {
      try {
        parse(document);
      } catch (err) {
        throw badInput(`document does not parse: ${echo((err as Error).message)}`, 'document');
      }
      return registerTrustedOperation(document, name ?? null, caller!.keyId);
    },
    revokeApiKey: async (_parent, { keyId }, { caller }) => {
      const revoked = await revokeApiKey(keyId, caller!.keyId);
      if (!revoked) throw notFound('active API key', keyId);
      return revoked;
    },
  },
  Health: {
    mongo: () => pingMongo(),
    redis: () => pingRedis(),
    version: () => process.version,
    uptimeSeconds: () => Math.round((Date.now() - startedAt) / 1000),
    embedded: (_parent, _args, { services }) => services.embedded.map(({ name, url, pid }) => ({ name, url, pid })),
  },
  Caller: {
    agency: (caller) => agencyOf(caller.agency),
  },
  ApiKey: {
    agency: (key) => agencyOf(key.agency),
    trustedOnly: (key) => key.trustedOnly ?? false,
  },
  TrustedOperation: {
    hash: (operation) => operation._id,
  },
  Agency: {
    streams: (agency) => [...agency.streams],
  },
};
