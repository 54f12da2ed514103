/** Bounded concurrency without a library: a few workers taking the next item as each finishes. */

/**
 * Runs `work` for each item, at most `limit` at once, taking items in order; the first failure is
 * thrown once the work already started has ended (nothing new starts after it).
 */
export async function eachConcurrently<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}
