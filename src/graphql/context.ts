/** What every resolver receives: the caller, a fresh DataLoader set for this request, and a logger. */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/roles';
import { childLogger, type Logger } from '../infra/log';
import type { Services } from '../infra/services';
import type { JobQueues } from '../../jobs/queues';
import type { RequestDeadline } from './deadline';
import { createLoaders, type Loaders } from './loaders';

export interface GraphQLContext {
  requestId: string;
  caller: Caller | null;
  loaders: Loaders;
  log: Logger;
  services: Pick<Services, 'embedded'>;
  /** the job queues, for mutations that trigger syncs, runs and closes */
  jobs: JobQueues;
  startedAt: number;
  /** the execution deadline: resolvers check it, queries carry its remaining time (deadline.ts) */
  deadline: RequestDeadline;
  /** the client's address, for limits on callers without a key */
  clientAddress: string;
}

export function createContext(
  caller: Caller | null,
  services: Pick<Services, 'embedded'>,
  jobs: JobQueues,
  deadline: RequestDeadline,
  clientAddress = 'unknown',
): GraphQLContext {
  const requestId = randomUUID();
  return {
    deadline,
    clientAddress,
    requestId,
    caller,
    loaders: createLoaders(),
    log: childLogger('graphql', { requestId, keyId: caller?.keyId }),
    services,
    jobs,
    startedAt: Date.now(),
  };
}
