/**
 * The embedded FerretDB and redis-server of a `hub` child process (no MONGODB_URI / REDIS_URL, a data
 * folder of its own): stopped when the hub dies by a signal it can catch; left by a SIGKILLed hub and
 * found by the next start through their pid files, which stops them; a server killed by a signal the hub
 * did not send is logged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type HubProcess } from './support';

jest.setTimeout(300_000);

let hung: Server;
let hungPort: number;
const sockets = new Set<Socket>();
const connections: (() => void)[] = [];
/** pids of servers a test saw, stopped at the end whatever happened */
const seen = new Set<number>();
const dirs: string[] = [];

beforeAll(async () => {
  // a source that accepts connections and never answers: `hub sync industrial` keeps running
  hung = createServer((socket) => {
    sockets.add(socket);
    for (const notify of connections.splice(0)) notify();
  });
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', () => resolve()));
  hungPort = (hung.address() as { port: number }).port;
});
afterAll(async () => {
  for (const pid of seen) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hung.close(resolve));
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const PID_FILES = { ferretdb: ['ferretdb', 'ferretdb.pid'], 'redis-server': ['redis', 'redis-server.pid'] } as const;

function embeddedPids(dataDir: string): Record<keyof typeof PID_FILES, number | null> {
  const read = (parts: readonly string[]) => {
    const file = join(dataDir, ...parts);
    // the server's pid, the hub's and the server's URL (src/infra/embedded.ts)
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid : null;
  };
  return { ferretdb: read(PID_FILES.ferretdb), 'redis-server': read(PID_FILES['redis-server']) };
}

/** `hub sync industrial` on the embedded default in a data folder of its own, in flight on the hung source. */
async function hubInFlight(dataDir?: string): Promise<{ hub: HubProcess; dataDir: string; pids: number[] }> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'hub-embedded-')));
  if (!dataDir) dirs.push(dir);
  const connected = new Promise<void>((resolve) => connections.push(resolve));
  const hub = startHub(['sync', 'industrial'], {
    db: 'hub',
    mongoUri: '',
    redisUrl: '',
    env: { DATA_DIR: dir, SOURCE_INDUSTRIAL_URL: `http://127.0.0.1:${hungPort}`, INDUSTRIAL_APP_KEY: 'embedded-test', INDUSTRIAL_APP_SECRET: 'embedded-test' },
  });
  await Promise.race([connected, hub.exit.then((exit) => Promise.reject(new Error(`hub exited (${exit.code ?? exit.signal}) before reading: ${exit.stderr}`)))]);
  const pids = Object.values(embeddedPids(dir)).filter((pid): pid is number => pid !== null);
  for (const pid of pids) seen.add(pid);
  expect(pids.length).toBe(2);
  expect(pids.filter(isAlive)).toEqual(pids);
  return { hub, dataDir: dir, pids };
}

it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('a one-shot command killed by %s stops its embedded servers before it dies', async (signal) => {
  const { hub, dataDir, pids } = await hubInFlight();
  hub.child.kill(signal);
  const exit = await hub.exit;
  expect(exit.signal).toBe(signal);
  await until('the embedded servers are gone', () => pids.every((pid) => !isAlive(pid)), 10_000);
  // the servers the hub stopped are not reported as signal deaths
  expect(exit.stderr).not.toMatch(/embedded server killed by a signal/);
  expect(embeddedPids(dataDir)).toEqual({ ferretdb: null, 'redis-server': null });
});

it('the servers a SIGKILLed hub left running are found by their pid files and stopped by the next start', async () => {
  const first = await hubInFlight();
  first.hub.child.kill('SIGKILL');
  expect((await first.hub.exit).signal).toBe('SIGKILL');
  // nothing could stop them: they run on, their pid files say so
  expect(first.pids.filter(isAlive)).toEqual(first.pids);
  expect(Object.values(embeddedPids(first.dataDir)).sort()).toEqual([...first.pids].sort());

  const next = await hubInFlight(first.dataDir);
  expect(first.pids.filter(isAlive)).toEqual([]);
  expect(next.pids.filter((pid) => first.pids.includes(pid))).toEqual([]);
  next.hub.child.kill('SIGTERM');
  const exit = await next.hub.exit;
  expect(exit.stderr.match(/stopping an embedded server left running by a hub that died/g)?.length).toBe(2);
  await until('the next start\'s servers are gone', () => next.pids.every((pid) => !isAlive(pid)), 10_000);
});

it('an embedded server killed by a signal the hub did not send is logged with its name and signal', async () => {
  const { hub, dataDir, pids } = await hubInFlight();
  const redisPid = embeddedPids(dataDir)['redis-server']!;
  process.kill(redisPid, 'SIGKILL');
  await until('the hub has logged it', () => /embedded server killed by a signal/.test(hub.stderr()), 30_000);
  const line = hub.stderr().split('\n').find((l) => l.includes('embedded server killed by a signal'))!;
  expect(JSON.parse(line)).toMatchObject({ name: 'redis-server', signal: 'SIGKILL' });
  hub.child.kill('SIGTERM');
  await hub.exit;
  await until('the other server is gone', () => pids.every((pid) => !isAlive(pid)), 10_000);
});
