/**
 * Graceful shutdown: `hub serve` and `hub worker` exit within seconds of SIGTERM while a request or a
 * job is in flight. The request gets its drain time then its connection is closed; the job gets its
 * drain time then is handed back (JobRun QUEUED with the reason; BullMQ retries it once its lock lapses).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobRunModel } from '../../../jobs/jobRun';
import { JobQueues } from '../../../jobs/queues';
import { startRedis, type EmbeddedServer } from '../../../src/infra/embedded';
import { redisConnection } from '../../../src/infra/redis';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';
import { startHub, type Exit, type HubProcess } from './support';

useTestDatabase(__filename);
jest.setTimeout(300_000);

/** requests and jobs in flight get 5 s each; stopping the stores takes a few more on a loaded machine */
const EXIT_WITHIN_MS = 12_000;

async function sigtermAndTime(hub: HubProcess): Promise<Exit & { ms: number }> {
  const t0 = Date.now();
  hub.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no exit within 60 s of SIGTERM')), 60_000)));
  try {
    const exit = await Promise.race([hub.exit, timeout]);
    return { ...exit, ms: Date.now() - t0 };
  } finally {
    clearTimeout(timer);
    if (hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill('SIGKILL');
  }
}

it('hub serve exits within seconds of SIGTERM with a request in flight and an idle keep-alive connection', async () => {
  const hub = startHub(['serve'], { db: `${testDatabaseName(__filename)}_serve`, env: { PORT: '0' } });
  const line = await hub.printed(/GraphQL: http:\/\/\S+\/graphql/);
  const { hostname, port } = new URL(/(http:\/\/\S+)\/graphql/.exec(line)![1]!);

  // an idle keep-alive connection after a finished request
  const idle = new Socket();
  const answered = new Promise<void>((resolve) => idle.once('data', () => resolve()));
  idle.connect(Number(port), hostname, () => idle.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`));
  await answered;
  // a request still in flight: its body is announced, not sent
  const slow = new Socket();
  const slowClosed = new Promise<void>((resolve) => slow.once('close', () => resolve()));
  slow.on('error', () => undefined);
  await new Promise<void>((resolve) => slow.connect(Number(port), hostname, () => resolve()));
  slow.write(`POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"query":"{ health `);
  await new Promise((r) => setTimeout(r, 500));

  const exit = await sigtermAndTime(hub);
  idle.destroy();
  expect({ code: exit.code, signal: exit.signal, stderr: exit.code === 0 ? '' : exit.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  expect(exit.ms).toBeLessThan(EXIT_WITHIN_MS);
  await slowClosed;
});

describe('hub worker', () => {
  let dir: string;
  let redis: EmbeddedServer;
  let hung: Server;
  let connected: Promise<void>;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shutdown-'));
    // its own Redis: no job another test file left queued reaches this worker
    redis = await startRedis({ dataDir: dir });
    // a source that accepts connections and never answers: the sync job stays in flight
    let onConnect: () => void = () => undefined;
    connected = new Promise<void>((resolve) => (onConnect = resolve));
    hung = createServer((socket) => {
      sockets.add(socket);
      onConnect();
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hung.close(resolve));
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits within seconds of SIGTERM with a job in flight, which goes back to QUEUED with the reason', async () => {
    const address = hung.address() as { port: number };
    const hub = startHub(['worker'], {
      db: testDatabaseName(__filename),
      redisUrl: redis.url,
      env: { SOURCE_INDUSTRIAL_URL: `http://127.0.0.1:${address.port}`, INDUSTRIAL_APP_KEY: 'shutdown-test', INDUSTRIAL_APP_SECRET: 'shutdown-test' },
    });
    await hub.printed(/^worker .* listening on/);
    const queues = new JobQueues(redisConnection(redis.url, { forQueue: true }), { attempts: 3 });
    try {
      await queues.enqueue('sync', { source: 'industrial' }, 'shutdown-sync', { origin: 'manual', requestedBy: 'test' });
      const inFlight = await Promise.race([connected.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 120_000))]);
      if (!inFlight) hub.child.kill('SIGKILL');
      expect({ inFlight, run: inFlight ? null : await JobRunModel.findOne({ jobId: 'shutdown-sync' }).lean(), stderr: inFlight ? '' : (await hub.exit).stderr }).toEqual({ inFlight: true, run: null, stderr: '' });
      expect((await JobRunModel.findOne({ jobId: 'shutdown-sync' }).lean())?.status).toBe('RUNNING');

      const exit = await sigtermAndTime(hub);
      expect({ code: exit.code, signal: exit.signal, stderr: exit.code === 0 ? '' : exit.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
      expect(exit.ms).toBeLessThan(EXIT_WITHIN_MS);
      expect(await JobRunModel.findOne({ jobId: 'shutdown-sync' }).lean()).toMatchObject({ status: 'QUEUED', error: expect.stringMatching(/^interrupted: worker .* shut down/) });
    } finally {
      await queues.close();
    }
  });
});
