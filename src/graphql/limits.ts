/** Request protection that does not depend on the domain: query depth, and per-key rate limits in Redis. */
import { GraphQLError, Kind, type ASTNode, type ValidationContext, type ValidationRule, type FragmentDefinitionNode } from 'graphql';
import type { Redis } from 'ioredis';

/** Rejects operations nested deeper than `maxDepth` fields (fragments followed, introspection excluded). */
export function depthLimit(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (node: ASTNode, depth: number, seen: Set<string>): number => {
      if (node.kind === Kind.FIELD) {
        if (node.name.value.startsWith('__')) return 0;
        if (!node.selectionSet) return depth;
        return Math.max(depth, ...node.selectionSet.selections.map((s) => depthOf(s, depth + 1, seen)));
      }
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(node.name.value);
        if (!fragment || seen.has(node.name.value)) return depth;
        return depthOf(fragment, depth, new Set([...seen, node.name.value]));
      }
      if ((node.kind === Kind.INLINE_FRAGMENT || node.kind === Kind.FRAGMENT_DEFINITION || node.kind === Kind.OPERATION_DEFINITION) && node.selectionSet) {
        return Math.max(depth, ...node.selectionSet.selections.map((s) => depthOf(s, depth, seen)));
      }
      return depth;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation, 1, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query depth ${depth} exceeds the maximum of ${maxDepth}`, {
              nodes: [operation],
            }),
          );
        }
      },
    };
  };
}

/** Fixed one-minute windows per key: returns the seconds to wait when over the limit, else 0. */
export async function rateLimitWait(redis: Redis, keyId: string, perMinute: number, now = Date.now()): Promise<number> {
  const window = Math.floor(now / 60000);
  const counter = `ratelimit:${keyId}:${window}`;
  const [[, count]] = (await redis.multi().incr(counter).expire(counter, 120).exec()) as [[null, number], [null, number]];
  if (count <= perMinute) return 0;
  return Math.max(1, Math.ceil(((window + 1) * 60000 - now) / 1000));
}
