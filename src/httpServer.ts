/**
 * The HTTP front of the hub (node:http, no framework): POST/GET /graphql, /healthz (process up),
 * /readyz (MongoDB and Redis reachable), /metrics (Prometheus).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { verifyCredential } from './auth/tokens';
import { exportErrorStatus, exportTable, matchExportPath, type ExportTarget } from './exports/route';
import { EXPORT_TABLES } from './exports/tables';
import type { Caller } from './auth/roles';
import type { Config } from './config';
import { createContext, type GraphQLContext } from './graphql/context';
import { createApolloServer } from './graphql/server';
import { installQueryDeadlines, RequestDeadline, withDeadline } from './graphql/deadline';
import { ConcurrencyGate, MinuteLimiter, rateLimitHeaders, type RateDecision } from './graphql/limits';
import { childLogger } from './infra/log';
import { httpDuration, registry } from './infra/metrics';
import { pingMongo } from './infra/mongo';
import { pingRedis, redisConnection, sharedRedis } from './infra/redis';
import { JobQueues, jobOptionsFrom } from '../jobs/queues';
import { serveWebConsole } from './webConsole';
import type { Services } from './infra/services';


/** How long a shutdown waits for requests in flight before closing their connections. */
const REQUEST_DRAIN_MS = 5000;
const log = childLogger('http');

export interface HubHttpServer {
  server: Server;
  apollo: ApolloServer<GraphQLContext>;
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(body);
}

function graphqlError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify({ errors: [{ message, extensions: { code } }] }), undefined, headers);
}

/** The body, or null once it exceeds `maxBytes` (the caller answers 413 without reading the rest). */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The peer's address; a proxy in front must limit by its own client address (no X-Forwarded-For trusted here). */
function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** The key comes as `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function presentedKey(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

export async function startHttpServer(config: Config, services: Pick<Services, 'embedded' | 'redisUrl'>): Promise<HubHttpServer> {
  installQueryDeadlines();
  const apollo = createApolloServer(config, sharedRedis());
  await apollo.start();
  const jobs = new JobQueues(redisConnection(services.redisUrl, { forQueue: true }), jobOptionsFrom(config));
  const perKey = new MinuteLimiter(sharedRedis(), 'key', config.API_RATE_LIMIT_PER_MINUTE);
  // requests without a key, and every failed authentication, count against the client's address
  const perAddress = new MinuteLimiter(sharedRedis(), 'address', config.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE);
  const running = new ConcurrencyGate(config.API_MAX_CONCURRENT_PER_KEY);
  const refuseRate = (res: ServerResponse, decision: RateDecision, what: string) =>
    graphqlError(res, 429, 'RATE_LIMITED', `Rate limit of ${decision.limit} requests per minute ${what} exceeded; retry in ${decision.resetSeconds} s`, rateLimitHeaders(decision));

  /** Who is asking and whether their rate allows it; null when the answer (401, 429) is already sent. */
  const admit = async (req: IncomingMessage, res: ServerResponse): Promise<{ caller: Caller | null; address: string; decision: RateDecision } | null> => {
    const key = presentedKey(req);
    const address = clientAddress(req);
    if (key) {
      const caller = await verifyCredential(key);
      if (!caller) {
        const failures = await perAddress.take(address);
        if (!failures.allowed) refuseRate(res, failures, 'for this address');
        else graphqlError(res, 401, 'UNAUTHENTICATED', 'The API key or token is unknown, expired or revoked', rateLimitHeaders(failures));
        return null;
      }
      const decision = await perKey.take(caller.keyId);
      if (!decision.allowed) {
        refuseRate(res, decision, 'for this key');
        return null;
      }
      return { caller, address, decision };
    }
    const decision = await perAddress.take(address);
    if (!decision.allowed) {
      refuseRate(res, decision, 'for requests without a key from this address');
      return null;
    }
    return { caller: null, address, decision };
  };

  const handleExport = async (req: IncomingMessage, res: ServerResponse, url: URL, target: ExportTarget) => {
    const admitted = await admit(req, res);
    if (!admitted) return;
    if (!admitted.caller) return graphqlError(res, 401, 'UNAUTHENTICATED', 'An API key is required: send it as `Authorization: Bearer <key>`');
    const release = running.enter(`key:${admitted.caller.keyId}`);
    if (!release) return graphqlError(res, 429, 'RATE_LIMITED', `At most ${running.perCaller} requests of one key run at once (API_MAX_CONCURRENT_PER_KEY)`, { 'retry-after': '1' });
    try {
      await exportTable(target.table, admitted.caller, target.format, url.searchParams, res);
    } catch (err) {
      const status = exportErrorStatus(err);
      if (status === null || res.headersSent) throw err;
      graphqlError(res, status, String((err as GraphQLError).extensions.code), (err as GraphQLError).message);
    } finally {
      release();
    }
  };

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const admitted = await admit(req, res);
    if (!admitted) return;
    const { caller, address, decision } = admitted;
    const release = running.enter(caller ? `key:${caller.keyId}` : `address:${address}`);
    if (!release) {
      return graphqlError(res, 429, 'RATE_LIMITED', `At most ${running.perCaller} requests of one key run at once (API_MAX_CONCURRENT_PER_KEY); wait for an answer before sending more`, { ...rateLimitHeaders(decision), 'retry-after': '1' });
    }
    try {
      await answerGraphQL(req, res, url, caller, address, decision);
    } finally {
      release();
    }
  };

  const answerGraphQL = async (req: IncomingMessage, res: ServerResponse, url: URL, caller: Caller | null, address: string, decision: RateDecision) => {
    let body: unknown;
    if (req.method === 'POST') {
      if (!req.headers['content-type']?.toLowerCase().startsWith('application/json')) return graphqlError(res, 415, 'BAD_REQUEST', 'A POST needs `content-type: application/json`');
      const text = await readBody(req, config.API_MAX_BODY_BYTES);
      if (text === null) {
        res.setHeader('connection', 'close');
        return graphqlError(res, 413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${config.API_MAX_BODY_BYTES} bytes (API_MAX_BODY_BYTES)`);
      }
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        return graphqlError(res, 400, 'BAD_USER_INPUT', 'The request body is not valid JSON');
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const deadline = new RequestDeadline(config.API_EXECUTION_TIMEOUT_MS);
    const result = await withDeadline(deadline, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => createContext(caller, services, jobs, deadline, address),
      }),
    );
    const responseHeaders: Record<string, string> = rateLimitHeaders(decision);
    for (const [name, value] of result.headers) responseHeaders[name] = value;
    // GraphQL over HTTP: a client accepting only the legacy application/json gets the errors of a
    // well-formed request (parse, validation, coercion, limits) with 200; a malformed request
    // (BAD_REQUEST) keeps 400, and application/graphql-response+json keeps every 4xx
    const legacyJson = responseHeaders['content-type']?.startsWith('application/json') ?? false;
    const wellFormed = result.body.kind === 'complete' && !result.body.string.includes('"BAD_REQUEST"');
    const status = result.status === 400 && legacyJson && wellFormed ? 200 : (result.status ?? 200);
    res.writeHead(status, responseHeaders);
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub.local');
    const exportTarget = matchExportPath(EXPORT_TABLES, url.pathname);
    // a bounded label: the fixed routes and the export tables, everything else is `other`
    const route = exportTarget || ['/graphql', '/healthz', '/readyz', '/metrics'].includes(url.pathname) ? url.pathname : 'other';
    const stopTimer = httpDuration.startTimer({ route });
    res.on('finish', () => stopTimer({ status: String(res.statusCode) }));
    const handle = async () => {
      switch (url.pathname) {
        case '/healthz':
          return send(res, 200, JSON.stringify({ status: 'ok', version: process.version, uptimeSeconds: Math.round(process.uptime()) }));
        case '/readyz': {
          const [mongo, redis] = await Promise.all([pingMongo(), pingRedis()]);
          const ready = mongo && redis;
          return send(res, ready ? 200 : 503, JSON.stringify({ status: ready ? 'ready' : 'not ready', mongo, redis }));
        }
        case '/metrics':
          return send(res, 200, await registry.metrics(), registry.contentType);
        case '/graphql':
          return handleGraphQL(req, res, url);
        default:
          if (exportTarget) {
            if (req.method !== 'GET') return send(res, 405, JSON.stringify({ error: 'GET only' }), undefined, { allow: 'GET' });
            return handleExport(req, res, url, exportTarget);
          }
          if (await serveWebConsole(req, res, url.pathname)) return;
          return send(res, 404, JSON.stringify({ error: 'not found', routes: ['/graphql', '/healthz', '/readyz', '/metrics'] }));
      }
    };
    handle().catch((err: unknown) => {
      log.error({ err }, 'request failed');
      if (!res.headersSent) graphqlError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.end();
    });
  });
  server.requestTimeout = config.API_REQUEST_TIMEOUT_MS;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  log.info({ url }, 'hub listening');
  return {
    server,
    apollo,
    url,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // idle keep-alive sockets would hold close() open for minutes; requests in flight get a deadline
      server.closeIdleConnections();
      const deadline = setTimeout(() => server.closeAllConnections(), REQUEST_DRAIN_MS);
      await closed;
      clearTimeout(deadline);
      await apollo.stop();
      await jobs.close();
    },
  };
}
