/**
 * The HTTP front of the hub (node:http, no framework): POST/GET /graphql, /healthz (process up),
 * /readyz (MongoDB and Redis reachable), /metrics (Prometheus).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { verifyApiKey } from './auth/keys';
import type { Caller } from './auth/roles';
import type { Config } from './config';
import { createContext, type GraphQLContext } from './graphql/context';
import { createApolloServer } from './graphql/server';
import { rateLimitWait } from './graphql/limits';
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
const MAX_BODY_BYTES = 1_000_000;

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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The key comes as `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function presentedKey(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

export async function startHttpServer(config: Config, services: Pick<Services, 'embedded' | 'redisUrl'>): Promise<HubHttpServer> {
  const apollo = createApolloServer(config);
  await apollo.start();
  const jobs = new JobQueues(redisConnection(services.redisUrl, { forQueue: true }), jobOptionsFrom(config));

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const key = presentedKey(req);
    let caller: Caller | null = null;
    if (key) {
      caller = await verifyApiKey(key);
      if (!caller) return graphqlError(res, 401, 'UNAUTHENTICATED', 'The API key is unknown or revoked');
      const wait = await rateLimitWait(sharedRedis(), caller.keyId, config.API_RATE_LIMIT_PER_MINUTE);
      if (wait > 0) return graphqlError(res, 429, 'RATE_LIMITED', `Rate limit exceeded; retry in ${wait} s`, { 'retry-after': String(wait) });
    }
    let body: unknown;
    if (req.method === 'POST') {
      const text = await readBody(req);
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
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => createContext(caller, services, jobs),
    });
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of result.headers) responseHeaders[name] = value;
    res.writeHead(result.status ?? 200, responseHeaders);
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub.local');
    const route = ['/graphql', '/healthz', '/readyz', '/metrics'].includes(url.pathname) ? url.pathname : 'other';
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
