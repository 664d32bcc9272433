// Structured logs: one JSON object per line on stderr, so log shippers need no parsing rules.
// nsqadmin's levels (--log-level, PUT /config/log_level): lines below the current level are dropped.
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

export function isLogLevel(s: string): s is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(s);
}

/** nsqadmin's lg.ParseLogLevel: case-insensitive, surrounding blanks ignored. */
export function parseLogLevel(s: string): LogLevel | null {
  const l = s.trim().toLowerCase();
  return isLogLevel(l) ? l : null;
}

// On globalThis: the launcher and each Next.js route bundle hold their own copy of this module, and
// a level set through /config must reach them all.
const KEY = Symbol.for('nsq-console.log-level');
type WithLevel = typeof globalThis & { [KEY]?: LogLevel };

export function getLogLevel(): LogLevel {
  return (globalThis as WithLevel)[KEY] ?? DEFAULT_LOG_LEVEL;
}

export function setLogLevel(level: LogLevel): void {
  (globalThis as WithLevel)[KEY] = level;
}

export function logEnabled(level: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(getLogLevel());
}

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  if (!logEnabled(level)) return;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}

/**
 * An audit record: who tried to change what, from where, and what came of it. Written whatever the
 * level (a --log-level=warn or a PUT /config/log_level must not make changes unrecorded), with the
 * level "audit" so that shippers can route these lines apart.
 */
export function audit(record: Record<string, unknown>): void {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'audit', msg: 'audit', audit: record })}\n`,
  );
}
