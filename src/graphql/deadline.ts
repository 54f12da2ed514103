/**
 * The execution deadline of a request (DESIGN §7, protection): after API_EXECUTION_TIMEOUT_MS no
 * resolver starts, and no database query runs past it.
 *
 * - the request's AbortSignal is in the GraphQL context; every resolver with work of its own is wrapped
 *   (`applyDeadline`) to refuse to start once it fired;
 * - database queries issued while the request executes run inside its AsyncLocalStorage scope;
 *   `installQueryDeadlines` makes every mongoose query and aggregation of such a scope carry
 *   `maxTimeMS` = the time left (the server stops the query), and refuses one once the time is up.
 *   It wraps `exec` once, process-wide, because mongoose applies schema plugins only to models compiled
 *   after them, and the models compile at import; queries outside a request scope (workers, CLI) are
 *   untouched.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import mongoose from 'mongoose';
import { HubError } from './errors';

export class RequestDeadline {
  readonly signal: AbortSignal;
  readonly endsAt: number;

  constructor(readonly timeoutMs: number, now = Date.now()) {
    this.endsAt = now + timeoutMs;
    this.signal = AbortSignal.timeout(timeoutMs);
  }

  remainingMs(now = Date.now()): number {
    return Math.max(0, this.endsAt - now);
  }

  get expired(): boolean {
    return this.signal.aborted || this.remainingMs() === 0;
  }

  /** Throws DEADLINE_EXCEEDED once the time is up. */
  check(): void {
    if (this.expired) throw deadlineExceeded(this.timeoutMs);
  }
}

export const DEADLINE_MESSAGE = 'The request ran past its execution deadline (API_EXECUTION_TIMEOUT_MS); ask for less (smaller pages, fewer fields) or split it';
export const deadlineExceeded = (timeoutMs: number) => new HubError('DEADLINE_EXCEEDED', DEADLINE_MESSAGE, { timeoutMs });

const requestScope = new AsyncLocalStorage<RequestDeadline>();

/** Runs `work` (a request's execution) with its deadline visible to the database layer. */
export function withDeadline<T>(deadline: RequestDeadline, work: () => T): T {
  return requestScope.run(deadline, work);
}

export function currentDeadline(): RequestDeadline | undefined {
  return requestScope.getStore();
}

/**
 * The query operations that carry `maxTimeMS` on both stores; the embedded store refuses the option on
 * other commands (`distinct: unknown field "maxTimeMS"`), which then only get the check before they start.
 */
const TIMED_OPS: ReadonlySet<string> = new Set(['find', 'findOne', 'countDocuments']);

let installed = false;

/** Once per process: queries inside a request scope get its remaining time as `maxTimeMS`. */
export function installQueryDeadlines(): void {
  if (installed) return;
  installed = true;
  const queryExec = mongoose.Query.prototype.exec;
  mongoose.Query.prototype.exec = function execWithinDeadline(this: mongoose.Query<unknown, unknown>, ...args: Parameters<typeof queryExec>) {
    const deadline = requestScope.getStore();
    if (deadline) {
      if (deadline.expired) return Promise.reject(deadlineExceeded(deadline.timeoutMs));
      // `op` is set on every mongoose query at run time but missing from its type declarations
      const op = (this as unknown as { op?: string }).op;
      if (op !== undefined && TIMED_OPS.has(op) && this.getOptions().maxTimeMS === undefined) this.maxTimeMS(Math.max(1, deadline.remainingMs()));
    }
    return queryExec.apply(this, args);
  };
  const aggregateExec = mongoose.Aggregate.prototype.exec;
  mongoose.Aggregate.prototype.exec = function execWithinDeadline(this: mongoose.Aggregate<unknown>, ...args: Parameters<typeof aggregateExec>) {
    const deadline = requestScope.getStore();
    if (deadline) {
      if (deadline.expired) return Promise.reject(deadlineExceeded(deadline.timeoutMs));
      if (this.options.maxTimeMS === undefined) this.option({ maxTimeMS: Math.max(1, deadline.remainingMs()) });
    }
    return aggregateExec.apply(this, args);
  };
}

/** The context shape the wrapper needs (kept narrow so this module does not import the context). */
interface DeadlineContext {
  deadline: RequestDeadline;
}

/** Resolvers with work of their own refuse to start once the request's deadline fired. */
export function applyDeadline(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      if (!field.resolve || field.resolve === defaultFieldResolver) return field;
      const resolve = field.resolve as GraphQLFieldResolver<unknown, DeadlineContext>;
      return {
        ...field,
        resolve: (source, args, context: DeadlineContext, info) => {
          context.deadline.check();
          return resolve(source, args, context, info);
        },
      };
    },
  });
}

/** MongoDB's MaxTimeMSExpired (code 50): the server stopped a query at the request's deadline. */
export function isMaxTimeExpired(error: unknown): boolean {
  return error instanceof mongoose.mongo.MongoServerError && (error.code === 50 || error.codeName === 'MaxTimeMSExpired');
}
