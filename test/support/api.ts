/**
 * Serves the real API over HTTP for a test file and sends typed documents (generated from
 * test/graphql/*.graphql by codegen) to it.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { createApiKey } from '../../src/auth/keys';
import type { Role } from '../../src/auth/roles';
import { loadConfig } from '../../src/config';
import { startHttpServer, type HubHttpServer } from '../../src/httpServer';
import { sharedRedis } from '../../src/infra/redis';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

export interface TestApi {
  url: string;
  keyFor(role: Role, agency?: string): Promise<string>;
  request<T, V>(document: TypedDocumentNode<T, V>, variables?: V, key?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** Serves the API on a free port; the caller closes it, and the shared Redis client with `closeRedis()`. */
export async function startTestApi(env: NodeJS.ProcessEnv = {}): Promise<TestApi> {
  sharedRedis(process.env.REDIS_URL);
  const config = loadConfig({ ...env, NODE_ENV: 'test', PORT: '0', MONGODB_URI: process.env.MONGODB_URI, REDIS_URL: process.env.REDIS_URL });
  const http: HubHttpServer = await startHttpServer(config, { embedded: [], redisUrl: process.env.REDIS_URL! });
  return {
    url: http.url,
    keyFor: async (role, agency = 'TASKFORCE') => (await createApiKey({ role, agency, createdBy: 'test' })).key,
    request: async (document, variables, key) => {
      const res = await fetch(`${http.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query: print(document), variables }),
      });
      const body = (await res.json()) as { data?: never; errors?: GraphQLFormattedError[] };
      return { status: res.status, data: body.data, errors: body.errors };
    },
    close: () => http.close(),
  };
}

export function errorCodes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}
