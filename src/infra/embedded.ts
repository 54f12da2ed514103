/**
 * The embedded default (DESIGN §9): without MONGODB_URI the hub runs FerretDB v1.24 on SQLite in the data
 * folder, or on PostgreSQL when given a `postgresqlUrl` (src/infra/postgresql.ts); without REDIS_URL it
 * runs a local redis-server. Each on a free loopback port, awaited until it answers, stopped when the
 * process exits or dies by a signal it can catch (no orphans). Each writes a pid file in its data folder
 * (the server's pid, the hub's, the server's URL): another hub process on the same data folder while that
 * hub lives (a CLI command beside `npm run demo`) uses its server rather than starting one; a server the
 * hub could not stop (the hub was SIGKILLed) is found and stopped by the next start before it starts its
 * own on the same data. A server that dies by a signal it was not sent by the hub is logged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { childLogger } from './log';
import { ensurePostgresDatabase, postgresDatabaseName } from './postgresql';
import { CodedError } from '../errors';

const log = childLogger('embedded');

export class MissingBinaryError extends CodedError {
  readonly code = 'MISSING_BINARY';
  constructor(name: string, hint: string) {
    super(`${name} was not found on PATH. ${hint}`);
  }
}

export interface EmbeddedServer {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Resolves an executable: an explicit path, then PATH, then the extra folders (e.g. Go's bin). */
export function findBinary(name: string, explicit: string | undefined, extraDirs: string[] = []): string | undefined {
  if (explicit) return existsSync(explicit) ? resolve(explicit) : undefined;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

export function goBinDirs(): string[] {
  const dirs = [join(homedir(), 'go', 'bin')];
  if (process.env.GOPATH) dirs.unshift(...process.env.GOPATH.split(delimiter).map((p) => join(p, 'bin')));
  if (process.env.GOBIN) dirs.unshift(process.env.GOBIN);
  return dirs;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? res(address.port) : rej(new Error('no port'))));
    });
  });
}

const children = new Set<ChildProcess>();
/** children the hub itself is stopping: their signal deaths are expected */
const stopping = new WeakSet<ChildProcess>();
const pidFiles = new WeakMap<ChildProcess, string>();
/** Kills the servers at once, their pid files with them: the hub is dying and will not see them exit. */
function killAllNow(): void {
  for (const child of children) {
    stopping.add(child);
    child.kill('SIGKILL');
    const file = pidFiles.get(child);
    if (file) rmSync(file, { force: true });
  }
}
process.once('exit', killAllNow);

/**
 * A hub that dies by a catchable signal with nobody else handling it (a one-shot CLI command) would
 * leave its servers running: stop them, then die by the same signal. A process with its own shutdown
 * handler (`serve`, `worker`) stops them itself.
 */
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  const onSignal = () => {
    if (process.listenerCount(signal) > 1) return;
    killAllNow();
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  };
  process.on(signal, onSignal);
}

function pidFile(dataDir: string, name: string): string {
  return join(dataDir, `${name}.pid`);
}

/** What a server's pid file says: its pid, and (from hubs that write them) the hub that started it and its URL. */
interface PidFileEntry {
  pid: number;
  owner?: number;
  url?: string;
}

function readPidFile(file: string): PidFileEntry | null {
  if (!existsSync(file)) return null;
  try {
    const text = readFileSync(file, 'utf8').trim();
    // an older hub wrote the pid alone
    const entry = (/^\d+$/.test(text) ? { pid: Number(text) } : JSON.parse(text)) as PidFileEntry;
    return Number.isInteger(entry.pid) && entry.pid > 0 ? entry : null;
  } catch {
    return null;
  }
}

/**
 * Whether `pid` is a live server of this data folder: the pid may have been reused since, so only a
 * process running `name` on this very folder counts (FerretDB names it in its arguments; redis-server
 * rewrites its title but runs in its --dir).
 */
function isServerOf(pid: number, name: string, dataDir: string): boolean {
  if (!isAlive(pid)) return false;
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false; // no /proc (not Linux) or gone: nothing known
  }
  let cwd = '';
  try {
    cwd = realpathSync(`/proc/${pid}/cwd`);
  } catch {
    // not readable: the arguments decide
  }
  return command.includes(name) && (command.includes(dataDir) || cwd === realpathSync(dataDir));
}

/**
 * The server of this data folder that a live hub process started and still runs, when it answers
 * (`answers`, given its URL): this process uses it too, and leaves stopping it to that hub.
 */
async function sharedServer(dataDir: string, name: string, answers: (url: string) => Promise<boolean>): Promise<EmbeddedServer | null> {
  const entry = readPidFile(pidFile(dataDir, name));
  if (!entry?.owner || !entry.url || entry.owner === process.pid || !isAlive(entry.owner) || !isServerOf(entry.pid, name, dataDir)) return null;
  if (!(await answers(entry.url).catch(() => false))) return null;
  log.info({ name, url: entry.url, hub: entry.owner }, 'using the embedded server another hub process runs on this data folder');
  return { name, url: entry.url, pid: entry.pid, stop: async () => undefined };
}

/**
 * A server of this data folder left running by a hub that died (SIGKILLed): its pid file names a live
 * process running the same binary on this folder, whose hub is gone. It is stopped (its data folder
 * cannot serve two servers).
 */
async function stopLeftover(dataDir: string, name: string): Promise<void> {
  const file = pidFile(dataDir, name);
  const entry = readPidFile(file);
  rmSync(file, { force: true });
  if (!entry || !isServerOf(entry.pid, name, dataDir)) return;
  const { pid } = entry;
  log.warn({ name, pid }, 'stopping an embedded server left running by a hub that died');
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 5000 && isAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function launch(name: string, bin: string, args: string[], dataDir: string, url: string, env: Record<string, string> = {}): ChildProcess {
  // a process group of its own: a terminal's Ctrl-C reaches the hub alone, which closes its workers before
  // it stops the servers (when they took the signal too, Redis died under the workers' feet)
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, detached: true });
  children.add(child);
  if (child.pid) {
    writeFileSync(pidFile(dataDir, name), `${JSON.stringify({ pid: child.pid, owner: process.pid, url } satisfies PidFileEntry)}\n`);
    pidFiles.set(child, pidFile(dataDir, name));
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.once('exit', (code, signal) => {
    children.delete(child);
    rmSync(pidFile(dataDir, name), { force: true });
    if (code && code !== 0) log.error({ name, code, signal, stderr }, 'embedded server exited');
    else if (signal && !stopping.has(child)) log.error({ name, signal, stderr }, 'embedded server killed by a signal');
  });
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  stopping.add(child);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function waitUntil(what: string, child: ChildProcess, probe: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} while starting`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child);
  throw new Error(`${what} did not answer within ${timeoutMs} ms`);
}

export interface FerretDBOptions {
  dataDir: string;
  bin?: string;
  /** PostgreSQL backend at this URL (its database is created when missing); SQLite in dataDir without it */
  postgresqlUrl?: string;
}

async function mongoPing(url: string): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 500, directConnection: true });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } finally {
    await client.close();
  }
}

export async function startFerretDB(options: FerretDBOptions): Promise<EmbeddedServer> {
  const bin = findBinary('ferretdb', options.bin, goBinDirs());
  if (!bin) {
    throw new MissingBinaryError(
      'ferretdb',
      'Run `npm run setup` (it builds FerretDB v1.24.2 with Go), set FERRETDB_BIN, or set MONGODB_URI to an external MongoDB.',
    );
  }
  const dir = resolve(options.dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  const shared = await sharedServer(dir, 'ferretdb', mongoPing);
  if (shared) return shared;
  await stopLeftover(dir, 'ferretdb');
  // the PostgreSQL URL (it may hold a password) goes in FerretDB's environment, not in its visible arguments
  const backendArgs = options.postgresqlUrl ? ['--handler=postgresql'] : ['--handler=sqlite', `--sqlite-url=file:${dir}/`];
  const backendEnv: Record<string, string> = options.postgresqlUrl ? { FERRETDB_POSTGRESQL_URL: options.postgresqlUrl } : {};
  if (options.postgresqlUrl && (await ensurePostgresDatabase(options.postgresqlUrl))) {
    log.info({ database: postgresDatabaseName(options.postgresqlUrl) }, 'PostgreSQL database created for FerretDB');
  }
  const port = await freePort();
  const url = `mongodb://127.0.0.1:${port}/`;
  const child = launch('ferretdb', bin, [
    ...backendArgs,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ], dir, url, backendEnv);
  await waitUntil('ferretdb', child, () => mongoPing(url));
  const backend = options.postgresqlUrl ? 'postgresql' : 'sqlite';
  log.info({ url, dataDir: dir, backend }, 'FerretDB started');
  return { name: 'ferretdb', url, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((res) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('error', () => res(false));
    socket.once('timeout', () => {
      socket.destroy();
      res(false);
    });
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      res(d.toString().startsWith('+PONG'));
    });
  });
}

export async function startRedis(options: { dataDir: string; bin?: string }): Promise<EmbeddedServer> {
  const bin = findBinary('redis-server', options.bin, ['/usr/sbin', '/usr/local/bin']);
  if (!bin) {
    throw new MissingBinaryError(
      'redis-server',
      'Run `npm run setup` (it installs redis-server with apt), set REDIS_SERVER_BIN, or set REDIS_URL to an external Redis.',
    );
  }
  const dir = resolve(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const shared = await sharedServer(dir, 'redis-server', (url) => redisPing(Number(new URL(url).port)));
  if (shared) return shared;
  await stopLeftover(dir, 'redis-server');
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const child = launch('redis-server', bin, [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning',
  ], dir, url);
  await waitUntil('redis-server', child, () => redisPing(port));
  log.info({ url }, 'redis-server started');
  return { name: 'redis-server', url, pid: child.pid ?? -1, stop: () => stopChild(child) };
}
