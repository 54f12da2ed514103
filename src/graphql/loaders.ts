/**
 * Per-request DataLoaders: every reference between types is fetched in batches (one query per type
 * per tick), so a page of N items costs a bounded number of database round trips (no N+1).
 */
import DataLoader from 'dataloader';
import { ApiKeyModel, type ApiKey } from '../auth/apiKey';

/** A loader over one batched query; `keyOf` says which key each returned document answers. */
export function batchBy<T>(fetch: (keys: string[]) => Promise<T[]>, keyOf: (doc: T) => string): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (keys) => {
    const byKey = new Map((await fetch([...keys])).map((doc) => [keyOf(doc), doc]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

export function createLoaders() {
  return {
    apiKeyById: batchBy<ApiKey>((keyIds) => ApiKeyModel.find({ keyId: { $in: keyIds } }).lean(), (k) => k.keyId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
