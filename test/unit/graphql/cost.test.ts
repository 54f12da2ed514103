import { getOperationAST, parse } from 'graphql';
import { COUNT_COST, LIST_SIZE_ESTIMATE, operationCost, ROOT_FIELD_COST } from '../../../src/graphql/cost';
import { buildSchema } from '../../../src/graphql/schema';

const schema = buildSchema();
const costOf = (query: string, variables: Record<string, unknown> = {}, maxPageSize = 200) => {
  const document = parse(query);
  return operationCost(schema, document, getOperationAST(document)!, variables, maxPageSize);
};

describe('operationCost', () => {
  it.each([
    ['a root field with scalars only', '{ me { keyId role } }', ROOT_FIELD_COST],
    ['a count', '{ flags(first: 50) { totalCount } }', ROOT_FIELD_COST + COUNT_COST],
    ['a page: edges multiplied by first', '{ flags(first: 50) { edges { node { id } } } }', ROOT_FIELD_COST + 1 + 50 * 1],
    ['the default page size when first is omitted', '{ flags { edges { node { id } } } }', ROOT_FIELD_COST + 1 + 50 * 1],
    ['nested objects in every row', '{ flags(first: 10) { edges { node { subject { key } } } } }', ROOT_FIELD_COST + 1 + 10 * (1 + 1)],
    ['a list without first: the estimate', '{ agencies { code } }', ROOT_FIELD_COST],
    ['a list of objects without first', '{ dashboard(year: "2025") { rows { indicator { code } } } }', ROOT_FIELD_COST + 1 + LIST_SIZE_ESTIMATE * 1],
    ['aliases add up', '{ a: flags(first: 50) { totalCount } b: flags(first: 50) { totalCount } }', 2 * (ROOT_FIELD_COST + COUNT_COST)],
    ['fragments count like inline selections', 'query { flags(first: 5) { ...F } } fragment F on FlagConnection { edges { node { id } } }', ROOT_FIELD_COST + 1 + 5],
    ['introspection is free', '{ __schema { types { name } } }', 0],
  ])('%s', (_name, query, expected) => {
    expect(costOf(query)).toBe(expected);
  });

  it('reads first from the variables, capped at the maximum page size', () => {
    const query = 'query Q($n: Int) { flags(first: $n) { edges { node { id } } } }';
    expect(costOf(query, { n: 7 })).toBe(ROOT_FIELD_COST + 1 + 7);
    expect(costOf(query, { n: 1_000_000 }, 200)).toBe(ROOT_FIELD_COST + 1 + 200);
  });

  it('prices the 500-alias count attack at 500 times one count', () => {
    const query = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: flags(first: 50) { totalCount }`).join(' ')} }`;
    expect(costOf(query)).toBe(500 * (ROOT_FIELD_COST + COUNT_COST));
  });
});
