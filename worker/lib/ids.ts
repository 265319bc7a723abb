const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else in a path cannot name a row (404, not a database error). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
