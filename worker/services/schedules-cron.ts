// A schedule's cron and time zone, read by croner (Intl-based, runs on Workers): which zones
// and expressions are accepted, the next slot after an instant and the latest slot up to one.
import { Cron, CronPattern } from "croner";
import { Invalid } from "../lib/errors.ts";

export interface CronSpec {
  cron: string;
  timezone: string;
}

/** The zone's canonical IANA name (`utc` → `UTC`), or null when Intl does not know it. */
export function canonicalZone(zone: string): string | null {
  // Offsets such as "+02:00" are valid to Intl but are not IANA zones.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function compile(spec: CronSpec): Cron {
  // 5-part: minute granularity; a seconds (or year) field is refused, not ignored.
  return new Cron(spec.cron, { timezone: spec.timezone, mode: "5-part" });
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A day-of-month list that none of the chosen months has (`0 0 30 2 *`), read from croner's own
 * parse: croner would search up to the year 3000 before saying so, a CPU cost per request.
 */
function namesNoDay(spec: CronSpec): boolean {
  const pattern = new CronPattern(spec.cron, spec.timezone, { mode: "5-part" });
  if (pattern.starDOM || !pattern.starDOW || pattern.lastDayOfMonth || pattern.lastWeekday) {
    return false;
  }
  if (pattern.nearestWeekdays.some(Boolean)) return false;
  return !pattern.month.some(
    (on, month) => on && pattern.day.slice(0, DAYS_IN_MONTH[month]).some(Boolean),
  );
}

/** The next slot strictly after `after` (whole minutes), or null when the cron never fires. */
export function nextSlot(spec: CronSpec, after: Date): Date | null {
  return compile(spec).nextRun(after);
}

/** The latest slot at or before `at`, or null when there is none. */
export function latestSlot(spec: CronSpec, at: Date): Date | null {
  // previousRuns counts a run earlier in the reference's own second: 1 ms later includes `at`.
  return compile(spec).previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
}

/** A slot as its idempotency key spells it: the minute in UTC, e.g. `2026-12-03T01:00Z`. */
export function slotKey(connectorId: string, slot: Date): string {
  return `schedule:${connectorId}:${slot.toISOString().slice(0, 16)}Z`;
}

/**
 * Checks a cron and zone from a request, answering 400 naming the field: the cron must be five
 * fields (or an alias such as `@hourly`) and fire at least once; the zone an IANA name.
 * Returns them as stored: the cron trimmed, the zone canonical.
 */
export function checkCronSpec(cron: string, zone: string, now: Date): CronSpec {
  const timezone = canonicalZone(zone);
  if (!timezone) {
    throw new Invalid("The timezone is not an IANA time zone.", [
      { path: ["timezone"], message: `Unknown time zone "${zone.slice(0, 100)}".` },
    ]);
  }
  const spec = { cron: cron.trim(), timezone };
  let next: Date | null;
  try {
    next = namesNoDay(spec) ? null : nextSlot(spec, now);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, "") : "";
    throw new Invalid("The cron expression is not valid.", [
      { path: ["cron"], message: `Expected 5 fields or an alias such as @hourly. ${reason}` },
    ]);
  }
  if (!next) {
    throw new Invalid("The cron expression never fires.", [
      { path: ["cron"], message: "No date matches this expression." },
    ]);
  }
  return spec;
}
