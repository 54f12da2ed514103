/** Custom scalars: DateTime (ISO 8601), Grams (exact integer grams as a decimal string), JSON. */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badInput } from './errors';

export const DateTime: GraphQLScalarType<Date, string> = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue(value) {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime())) throw badInput(`"${String(value)}" is not an ISO 8601 date-time`);
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be a string');
    return DateTime.parseValue(ast.value);
  },
});

const GRAMS = /^-?\d{1,19}$/;
export const Grams: GraphQLScalarType<string, string> = new GraphQLScalarType<string, string>({
  name: 'Grams',
  serialize(value) {
    if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) return value.toString();
    if (typeof value === 'string' && GRAMS.test(value)) return value;
    throw new TypeError(`Grams cannot represent ${String(value)}`);
  },
  parseValue(value) {
    if (typeof value === 'string' && GRAMS.test(value)) return value;
    throw badInput(`"${String(value)}" is not a whole number of grams written as a decimal string`);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('Grams must be a decimal string, e.g. "12345000"');
    return Grams.parseValue(ast.value);
  },
});

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      throw badInput('variables are not accepted inside JSON literals');
  }
}

export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});
