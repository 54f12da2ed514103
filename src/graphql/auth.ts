/**
 * Authorization, enforced in one place: every root field requires an authenticated caller, and a
 * field or type marked `@auth(roles: [...])` requires one of those roles. The schema is rewritten once
 * at build time; resolvers never check roles by hand.
 */
import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Role } from '../auth/roles';
import type { GraphQLContext } from './context';
import { forbidden, unauthenticated } from './errors';

function guard(
  resolve: GraphQLFieldResolver<unknown, GraphQLContext>,
  roles: Role[] | undefined,
  fieldName: string,
): GraphQLFieldResolver<unknown, GraphQLContext> {
  return (source, args, context, info) => {
    if (!context.caller) throw unauthenticated();
    if (roles && !roles.includes(context.caller.role)) {
      throw forbidden(`${info.parentType.name}.${fieldName} requires role ${roles.join(' or ')}; your key has ${context.caller.role}`);
    }
    return resolve(source, args, context, info);
  };
}

export function applyAuthorization(schema: GraphQLSchema): GraphQLSchema {
  const rootTypes = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const onField = getDirective(schema, field, 'auth')?.[0]?.roles as Role[] | undefined;
      const type = schema.getType(typeName);
      const onType = type ? (getDirective(schema, type, 'auth')?.[0]?.roles as Role[] | undefined) : undefined;
      const roles = onField ?? onType;
      if (!roles && !rootTypes.has(typeName)) return field;
      return { ...field, resolve: guard((field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, GraphQLContext>, roles, fieldName) };
    },
  });
}
