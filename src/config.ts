/**
 * Every setting the hub reads, validated once at start-up (DESIGN §9, shared/sources/README.md).
 * A bad value stops the process with a message that names the variable.
 */
import { z } from 'zod';
import cron from 'node-cron';
import { CodedError } from './errors';
import { embeddedSettings } from './infra/embeddedSettings';

const url = (protocols: string[]) =>
  z
    .string()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const sourceUrl = url(['http:', 'https:', 'file:']).optional();
const cronExpression = z.string().refine((v) => cron.validate(v), 'must be a valid cron expression (5 or 6 fields)');
const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),

  MONGODB_URI: url(['mongodb:', 'mongodb+srv:']).optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be 1-60 letters, digits, _ or -').default('zerowaste'),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  // the embedded servers' binaries and store backend
  ...embeddedSettings,

  SOURCE_INDUSTRIAL_URL: sourceUrl,
  INDUSTRIAL_APP_KEY: z.string().optional(),
  INDUSTRIAL_APP_SECRET: z.string().optional(),
  SOURCE_HOUSEHOLD_URL: sourceUrl,
  HOUSEHOLD_CLIENT_ID: z.string().optional(),
  HOUSEHOLD_CLIENT_SECRET: z.string().optional(),
  SOURCE_CONSTRUCTION_URL: sourceUrl,
  CONSTRUCTION_API_KEY: z.string().optional(),
  SOURCE_MEDICAL_URL: sourceUrl,
  SOURCE_TAXSTAT_URL: sourceUrl,
  TAXSTAT_USER: z.string().optional(),
  TAXSTAT_PASSWORD: z.string().optional(),

  /** Signs bearer tokens; required in production, generated per process otherwise. */
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  API_MAX_PAGE_SIZE: positiveInt.max(1000).default(200),
  API_MAX_DEPTH: positiveInt.max(50).default(12),
  API_RATE_LIMIT_PER_MINUTE: positiveInt.default(600),
  /** per client address, for requests without a key or with a key that failed */
  API_ANONYMOUS_RATE_LIMIT_PER_MINUTE: positiveInt.default(60),
  /** bounds receiving the request (node:http) */
  API_REQUEST_TIMEOUT_MS: positiveInt.default(30000),
  /**
   * bounds executing it: resolvers stop starting and queries carry maxTimeMS (src/graphql/deadline.ts);
   * 60 s: `completeness` still reads every filing of the period's streams on the embedded store (tens of
   * seconds for a year of a district); lower it once that read is pre-aggregated
   */
  API_EXECUTION_TIMEOUT_MS: positiveInt.default(60000),
  /** cost of one operation (src/graphql/cost.ts) and what one key may spend per minute */
  API_MAX_COST: positiveInt.default(10000),
  API_COST_BUDGET_PER_MINUTE: positiveInt.default(30000),
  /**
   * requests of one key (or address) executing at once, per process; the console's dashboard sends five
   * at once (session, indicators, flows, sources, top parties), so fewer would refuse a steward's own page
   */
  API_MAX_CONCURRENT_PER_KEY: positiveInt.default(6),
  API_MAX_ALIASES: positiveInt.default(30),
  API_MAX_DIRECTIVES: positiveInt.default(30),
  API_MAX_TOKENS: positiveInt.default(5000),
  API_MAX_BODY_BYTES: positiveInt.default(1_000_000),
  /** longest string argument (inline or in variables) */
  API_MAX_STRING_LENGTH: positiveInt.default(10_000),

  /** per-record limits where records enter (connectors/limits.ts); far under the store's 16 MB document limit */
  MAX_RECORD_BYTES: positiveInt.max(8 * 1024 * 1024).default(1024 * 1024),
  MAX_FIELD_BYTES: positiveInt.max(8 * 1024 * 1024).default(256 * 1024),

  /**
   * sources `sync all` runs at once, each under its own lock: the hub's own work on one overlaps the
   * store's on another (on the 2-core machines measured, 2 is where it stops paying)
   */
  SYNC_CONCURRENCY: positiveInt.max(8).default(2),
  /** a source whose syncs have failed for this long raises an alert (error log, hub_source_alert) */
  SOURCE_ALERT_AFTER_MINUTES: positiveInt.default(60),
  /**
   * where a worker process serves its own /metrics (sync, reconcile, job metrics); 0 picks a free port
   * (logged), so several workers can share a host
   */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),

  /** first retry delay of a failed job; doubles per attempt */
  JOB_ATTEMPTS: positiveInt.max(20).default(3),
  JOB_BACKOFF_MS: positiveInt.default(5000),

  /** webhooks (src/webhooks): attempts before a delivery is DEAD, the first retry delay (doubling), the receiver's time to answer, the outbox sweep */
  WEBHOOK_MAX_ATTEMPTS: positiveInt.max(30).default(8),
  WEBHOOK_BACKOFF_MS: positiveInt.default(10_000),
  WEBHOOK_TIMEOUT_MS: positiveInt.max(60_000).default(10_000),
  WEBHOOK_DISPATCH_INTERVAL_MS: positiveInt.default(2000),
  /** `true`: deliver to loopback and private addresses too (receivers inside the deployment's network); refused otherwise (SSRF) */
  /** days the outbox and ended deliveries are kept (a redelivery needs its event) */
  WEBHOOK_RETENTION_DAYS: positiveInt.max(3650).default(30),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),

  /** fault injection (src/killPoints.ts): where the process SIGKILLs itself; tests only */
  HUB_KILL_AT: z
    .string()
    .regex(
      /^(sync:[a-z-]+:\d+|reconcile:(flush:\d+|closed)|indicators:(month:\d{4}-\d{2}|chunk:\d+)|close:(claim|freeze|publish)|outbox:(pending|written)|records:stored|after:\d+)$/,
      'must be sync:<stream>:<batch>, reconcile:<flush:<n>|closed>, indicators:<month:<YYYY-MM>|chunk:<n>>, close:<claim|freeze|publish>, outbox:<pending|written>, records:stored or after:<ms>',
    )
    .optional(),
  /** fault injection: a file each kill point passed is appended to (a test picks its kill points from it) */
  HUB_KILL_POINTS_LOG: z.string().optional(),

  SCHEDULE_SYNC_REST: cronExpression.default('*/15 * * * *'),
  SCHEDULE_SYNC_FILES: cronExpression.default('5 * * * *'),
  SCHEDULE_RECONCILE: cronExpression.default('30 2 * * *'),
  SCHEDULE_INDICATORS: cronExpression.default('0 4 * * *'),
  SCHEDULE_CLOSE: cronExpression.default('0 6 5 * *'),
  TZ_SCHEDULES: z.string().default('Asia/Shanghai'),

  /** Completeness calendar due days (China Standard Time): monthly and quarterly filings on this day of the following month */
  COMPLETENESS_DUE_DAY_MONTHLY: positiveInt.max(31).default(15),
  COMPLETENESS_DUE_DAY_QUARTERLY: positiveInt.max(31).default(15),
  /** annual filings (statistics) by this month and day of the following year */
  COMPLETENESS_DUE_MONTH_ANNUAL: positiveInt.max(12).default(3),
  COMPLETENESS_DUE_DAY_ANNUAL: positiveInt.max(31).default(31),
  /** daily filings (weigh tickets) by the end of this many days after the day */
  COMPLETENESS_DUE_DAYS_DAILY: positiveInt.max(31).default(1),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends CodedError {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; empty strings count as unset so `FOO=` in a .env file means "default". */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && !config.TOKEN_SECRET) {
    throw new ConfigError(['TOKEN_SECRET: required when NODE_ENV=production']);
  }
  return config;
}

let cached: Config | undefined;
/** The process-wide configuration, parsed on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
