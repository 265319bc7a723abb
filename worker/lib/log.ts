/**
 * Structured JSON logs, one object per line. Callers pass identifiers and measurements only:
 * never a header, a body, a token or a credential value.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export type LogFields = Record<string, string | number | boolean | null | undefined>;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
let threshold = RANK.info;

/**
 * Lines below `level` are not written (LOG_LEVEL, default info). Set from the configuration at
 * the start of every request and scheduled run; one isolate serves one configuration.
 */
export function setLogLevel(level: LogLevel): void {
  threshold = RANK[level];
}

export function log(level: LogLevel, message: string, fields: LogFields = {}): void {
  if (RANK[level] < threshold) return;
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** The class and a short description of an unknown error, without its stack or payload. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return typeof error;
}
