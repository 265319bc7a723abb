import type { Keyset } from "../lib/pagination.ts";
import type { Tx } from "./client.ts";

/** Postgres timestamp → ISO 8601 with microseconds, for keyset cursors. */
export const cursorAt = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** `%q%` for ILIKE with `\`, `%` and `_` in `q` matched literally (Postgres's default escape). */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * `and (<at>, <id>) < (cursor)`: the rows after a keyset page's last one, newest first; nothing
 * on the first page. `at` and `id` are column names of the query (never client input).
 */
export function olderThan(tx: Tx, after: Keyset | null, at: string, id: string) {
  if (!after) return tx``;
  return tx`and (${tx.unsafe(at)}, ${tx.unsafe(id)}) < (${after.at}::timestamptz, ${after.id}::uuid)`;
}
