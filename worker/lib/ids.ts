import { NotFound } from "./errors.ts";

/** The one definition of an id's shape: ids are UUIDs (any case). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else in a path cannot name a row (404, not a database error). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * A path id as a route reads it: a value that is not a UUID cannot name a row, so it gets the
 * same 404 as an id that names nothing — `requireId(id, "Connector")` → "Connector not found."
 */
export function requireId(value: string, what: string): string {
  if (!UUID.test(value)) throw new NotFound(`${what} not found.`);
  return value;
}
