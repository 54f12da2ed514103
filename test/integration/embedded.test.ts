import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { MissingBinaryError, startFerretDB, startRedis } from '../../src/infra/embedded';
import { loadConfig } from '../../src/config';
import { resolveServices } from '../../src/infra/services';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded default', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-embedded-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts FerretDB and redis-server, answers, and stops them without orphans', async () => {
    const services = await resolveServices(loadConfig({ DATA_DIR: dir }));
    expect(services.embedded.map((s) => s.name).sort()).toEqual(['ferretdb', 'redis-server']);
    const client = new MongoClient(services.mongoUri, { directConnection: true });
    await client.db('probe').collection('c').insertOne({ grams: 12345000 });
    expect(await client.db('probe').collection('c').countDocuments()).toBe(1);
    await client.close();
    const redis = new Redis(services.redisUrl);
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();

    const pids = services.embedded.map((s) => s.pid);
    await services.stop();
    expect(pids.filter(isRunning)).toEqual([]);
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)]).toString().trim();
    expect(children.split('\n').filter((p) => pids.includes(Number(p)))).toEqual([]);
  });

  it('uses external servers when MONGODB_URI and REDIS_URL are set and starts nothing', async () => {
    const services = await resolveServices(
      loadConfig({ DATA_DIR: dir, MONGODB_URI: process.env.MONGODB_URI, REDIS_URL: process.env.REDIS_URL }),
    );
    expect(services.embedded).toEqual([]);
    expect(services.mongoUri).toBe(process.env.MONGODB_URI);
  });

  it('stops a server of the same data folder that a dead hub left running before starting its own', async () => {
    const leftover = await startRedis({ dataDir: dir });
    // the hub that started it "died" without stopping it: the next start finds it by its pid file
    const next = await startRedis({ dataDir: dir });
    try {
      expect(isRunning(leftover.pid)).toBe(false);
      expect(isRunning(next.pid)).toBe(true);
    } finally {
      await next.stop();
    }
    expect(isRunning(next.pid)).toBe(false);
  });

  it('uses the server another live hub process runs on the same data folder, and leaves it running', async () => {
    const first = await startRedis({ dataDir: dir });
    try {
      // as if another process (a live one: the test runner's parent) had started it, as `npm run demo` does
      // when a CLI command runs beside it
      const file = join(dir, 'redis', 'redis-server.pid');
      const entry = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; owner: number; url: string };
      expect(entry).toEqual({ pid: first.pid, owner: process.pid, url: first.url });
      writeFileSync(file, JSON.stringify({ ...entry, owner: process.ppid }));
      const second = await startRedis({ dataDir: dir });
      expect(second).toMatchObject({ url: first.url, pid: first.pid });
      await second.stop();
      expect(isRunning(first.pid)).toBe(true);
      // its hub gone, the server is a leftover again: stopped before a new one starts
      writeFileSync(file, JSON.stringify({ ...entry, owner: 2 ** 22 + 1 }));
      const third = await startRedis({ dataDir: dir });
      expect(isRunning(first.pid)).toBe(false);
      expect(third.pid).not.toBe(first.pid);
      await third.stop();
    } finally {
      await first.stop();
    }
  });

  it('says how to install a missing binary', async () => {
    await expect(startFerretDB({ dataDir: dir, bin: join(dir, 'no-such-ferretdb') })).rejects.toThrow(MissingBinaryError);
    await expect(startRedis({ dataDir: dir, bin: join(dir, 'no-such-redis') })).rejects.toThrow(/npm run setup/);
  });
});
