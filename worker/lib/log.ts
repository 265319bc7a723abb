/**
 * Structured JSON logs, one object per line. Callers pass identifiers and measurements only:
 * never a header, a body, a token or a credential value.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const satisfies readonly LogLevel[];

let threshold = 1; // "info"

/**
 * Lines below `level` are not written at all (LOG_LEVEL, default "info"). Under `wrangler dev`
 * every console line also goes to wrangler's devtools proxy, which keeps each one while no
 * DevTools window is attached (docs/PERFORMANCE.md, "Load and soak"): the local stacks, which
 * print warnings only, set LOG_LEVEL=warn so the lines they would drop are never made.
 */
export function setLogLevel(level: LogLevel): void {
  threshold = LOG_LEVELS.indexOf(level);
}

export function log(level: LogLevel, message: string, fields: LogFields = {}): void {
  if (LOG_LEVELS.indexOf(level) < threshold) return;
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
