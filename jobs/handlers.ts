/**
 * What a worker does for each kind of job. Capabilities register their handler here (sync, reconcile,
 * indicators, close); a job whose kind has no handler fails visibly with that reason.
 */
import type { Logger } from '../src/infra/log';
import type { JobInput, JobKind } from './queues';

export interface JobRunContext {
  jobId: string;
  attempt: number;
  log: Logger;
}

export type JobHandler = (input: JobInput, context: JobRunContext) => Promise<Record<string, unknown>>;

export class JobHandlers {
  private readonly handlers = new Map<string, JobHandler>();

  register(kind: JobKind | string, handler: JobHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  get(kind: string): JobHandler {
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`no handler is registered for jobs of kind "${kind}"`);
    return handler;
  }
}
