/** Writes shared by the aggregates, the values and the close. */

/**
 * Upserts one document per command, a few at a time. (A bulkWrite of replaceOne upserts over existing
 * documents stalls on FerretDB 1.24; single replaceOne commands do not.)
 */
export async function replaceAll<T>(docs: readonly T[], write: (doc: T) => Promise<unknown>, concurrency = 8): Promise<void> {
  for (let i = 0; i < docs.length; i += concurrency) await Promise.all(docs.slice(i, i + concurrency).map(write));
}
