import { z } from "@hono/zod-openapi";
import { ApiError } from "./errors.ts";
import { UUID } from "./ids.ts";

/** `?limit&cursor` shared by every list: limit 1–100 (default 20); outside that range is 400. */
export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: "limit", in: "query" }, example: 20, description: "1–100" }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({
      param: { name: "cursor", in: "query" },
      description: "`nextCursor` of the previous page.",
    }),
});

export interface Keyset {
  at: string;
  id: string;
}

const ISO_MICROS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$/;

/**
 * A cursor timestamp Postgres accepts: the ISO shape and a real date and time (a cursor is
 * client input, so `2024-02-30` or year 0 must be a 400, not a database error).
 */
export function isCursorTimestamp(text: string): boolean {
  const match = ISO_MICROS.exec(text);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map(Number);
  if (year < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * Opaque keyset cursor over (timestamp desc, id desc). The timestamp is kept at Postgres's
 * microsecond precision (see CURSOR_AT in db/), so no row is skipped or repeated between pages.
 */
export function encodeCursor(keyset: Keyset): string {
  return btoa(JSON.stringify([keyset.at, keyset.id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (!cursor) return null;
  try {
    const json = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const value: unknown = JSON.parse(json);
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      typeof value[1] === "string" &&
      isCursorTimestamp(value[0]) &&
      UUID.test(value[1])
    ) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new ApiError("invalid_request", "The cursor is not valid.", {
    details: [{ path: "cursor", message: "use nextCursor from the previous page" }],
  });
}

/** Cuts one extra row off a `limit + 1` query and turns it into the next cursor. */
export function page<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => Keyset,
): { data: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { data: rows, nextCursor: null };
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: last ? encodeCursor(keyOf(last)) : null };
}

export function listSchema<T extends z.ZodTypeAny>(item: T, name: string) {
  return z
    .object({
      data: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .openapi({ description: "Pass as `cursor` for the next page." }),
    })
    .openapi(name);
}

/** A row without the keyset column its list query added for the next cursor. */
export function withoutCursor<T extends { cursorAt?: string }>(row: T): Omit<T, "cursorAt"> {
  const { cursorAt: _ignored, ...rest } = row;
  return rest;
}

/** `page` for rows keyed by (created_at, id): the page's rows without their keyset column. */
export function keysetPage<T extends { cursorAt: string; id: string }>(
  rows: T[],
  limit: number,
): { data: Omit<T, "cursorAt">[]; nextCursor: string | null } {
  const result = page(rows, limit, (row) => ({ at: row.cursorAt, id: row.id }));
  return { data: result.data.map(withoutCursor), nextCursor: result.nextCursor };
}

/** A list route's validated query as a service takes it: the cursor decoded into a keyset. */
export function keysetArgs<Q extends { cursor?: string }>({
  cursor,
  ...rest
}: Q): Omit<Q, "cursor"> & { after: Keyset | null } {
  return { ...rest, after: decodeCursor(cursor) };
}

/** `?q=`: a case-insensitive search of 1–200 characters (`%` and `_` match themselves). */
export function searchQuery(description: string, example?: string) {
  return z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({
      param: { name: "q", in: "query" },
      description,
      ...(example === undefined ? {} : { example }),
    });
}
