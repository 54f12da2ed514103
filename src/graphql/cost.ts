/**
 * What an operation costs, before it runs (DESIGN §7, protection). graphql-armor's cost limit weighs
 * objects and depth but cannot multiply a list by its page size (`first`), which is what makes
 * `flags(first: 200) { edges { node { history … } } }` expensive; so this small walk over the
 * operation does it, with the variables in hand (a validation rule never sees them).
 *
 * - every root field is a database query: ROOT_FIELD_COST;
 * - every object field below it: 1; scalar fields: 0;
 * - a connection's `totalCount` and `facets` are count queries: COUNT_COST each;
 * - a connection's `edges` (and any list with a `first` argument) multiply their selection by `first`
 *   (its default when not given); other lists by LIST_SIZE_ESTIMATE.
 */
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';

export const ROOT_FIELD_COST = 10;
export const COUNT_COST = 10;
export const LIST_SIZE_ESTIMATE = 10;
const COUNT_FIELDS = new Set(['totalCount', 'facets']);

interface Walk {
  schema: GraphQLSchema;
  /** a larger `first` is refused by the resolver as BAD_USER_INPUT; cost it at the most a page can hold */
  maxPageSize: number;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function pageArgument(walk: Walk, field: GraphQLField<unknown, unknown>, node: Parameters<typeof getArgumentValues>[1]): number | null {
  if (!field.args.some((a) => a.name === 'first')) return null;
  try {
    const first = getArgumentValues(field, node, walk.variables).first;
    return typeof first === 'number' && Number.isFinite(first) ? Math.min(Math.max(first, 1), walk.maxPageSize) : null;
  } catch {
    // invalid argument values are refused by execution with their own message; cost them as one item
    return 1;
  }
}

function selectionCost(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLCompositeType, pageSize: number | null, root: boolean, seen: ReadonlySet<string>): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) continue;
      const on = walk.schema.getType(fragment.typeCondition.name.value);
      if (on && isCompositeType(on)) total += selectionCost(walk, fragment.selectionSet, on, pageSize, root, new Set([...seen, fragment.name.value]));
      continue;
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (on && isCompositeType(on)) total += selectionCost(walk, selection.selectionSet, on, pageSize, root, seen);
      continue;
    }
    const name = selection.name.value;
    if (name.startsWith('__') || !('getFields' in parent)) continue;
    const field = parent.getFields()[name];
    if (!field) continue;
    const type = getNamedType(field.type);
    const list = isListType(getNullableType(field.type));
    const first = pageArgument(walk, field, selection);
    let weight = root ? ROOT_FIELD_COST : isCompositeType(type) ? 1 : 0;
    if (COUNT_FIELDS.has(name)) weight += COUNT_COST;
    if (!selection.selectionSet || !isCompositeType(type)) {
      total += weight;
      continue;
    }
    const isConnection = isObjectType(type) && type.name.endsWith('Connection');
    // a connection passes its page size down to its `edges`; the connection object itself is one
    const childPage = isConnection ? first ?? LIST_SIZE_ESTIMATE : null;
    const multiplier = list ? (first ?? (name === 'edges' && pageSize !== null ? pageSize : LIST_SIZE_ESTIMATE)) : 1;
    total += weight + multiplier * selectionCost(walk, selection.selectionSet, type, childPage, false, seen);
  }
  return total;
}

/** The cost of `operation` in `document` under `variables`. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, maxPageSize: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const rootType = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!rootType) return 0;
  return selectionCost({ schema, fragments, variables, maxPageSize }, operation.selectionSet, rootType, null, true, new Set());
}
