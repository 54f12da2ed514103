/** Structured logs (pino). One root logger; modules take children named after themselves. */
import pino, { type Logger } from 'pino';

export type { Logger };

let root: Logger | undefined;

export function logger(): Logger {
  root ??= pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'zero-waste-hub' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return root;
}

export function childLogger(module: string, bindings: Record<string, unknown> = {}): Logger {
  return logger().child({ module, ...bindings });
}
