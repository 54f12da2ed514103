/** Structured logs (pino). One root logger; modules take children named after themselves. */
import pino, { type Logger } from 'pino';

export type { Logger };

let root: Logger | undefined;

export function logger(): Logger {
  // Logs go to stderr so a command's own output (exports, keys) stays clean on stdout.
  root ??= pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'zero-waste-hub' },
    timestamp: pino.stdTimeFunctions.isoTime,
  }, pino.destination(2));
  return root;
}

export function childLogger(module: string, bindings: Record<string, unknown> = {}): Logger {
  return logger().child({ module, ...bindings });
}
