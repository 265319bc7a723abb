import type { TemplateKeyset, TemplateSort, TemplateWithKeys } from "../db/templates.ts";
import { ApiError } from "./errors.ts";
import { UUID } from "./ids.ts";
import { isCursorTimestamp } from "./pagination.ts";

/** Counters are Postgres `integer`s: a cursor beyond that range is client input, not a row. */
const MAX_INT4 = 2_147_483_647;
const RATING = /^\d(\.\d{1,2})?$/;

const toBase64Url = (text: string) =>
  btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/**
 * Opaque browse cursor. It names its sort order, so a cursor from `sort=popular` cannot be
 * replayed under `sort=rating` (400 instead of a silently wrong page).
 */
export function encodeTemplateCursor(sort: TemplateSort, row: TemplateWithKeys): string {
  const values =
    sort === "popular"
      ? [row.keys.installCount]
      : sort === "rating"
        ? [row.keys.ratingAvg, row.keys.ratingCount]
        : [row.keys.at];
  return toBase64Url(JSON.stringify(["t1", sort, ...values, row.id]));
}

function invalid(message: string): never {
  throw new ApiError("invalid_request", "The cursor is not valid.", {
    details: [{ path: "cursor", message }],
  });
}

export function decodeTemplateCursor(
  cursor: string | undefined,
  sort: TemplateSort,
): TemplateKeyset | null {
  if (!cursor) return null;
  let value: unknown;
  try {
    value = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    invalid("use nextCursor from the previous page");
  }
  if (!Array.isArray(value) || value[0] !== "t1") invalid("use nextCursor from the previous page");
  const [, from, ...rest] = value as unknown[];
  if (from !== sort) {
    invalid(`this cursor belongs to sort=${String(from)}; start again without a cursor`);
  }
  const id = rest[rest.length - 1];
  if (typeof id !== "string" || !UUID.test(id)) invalid("use nextCursor from the previous page");
  const [a, b] = rest;
  const count = (n: unknown) =>
    Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= MAX_INT4;
  if (sort === "popular" && rest.length === 2 && count(a)) {
    return { sort, installCount: a as number, id };
  }
  if (
    sort === "rating" &&
    rest.length === 3 &&
    typeof a === "string" &&
    RATING.test(a) &&
    count(b)
  ) {
    return { sort, ratingAvg: a, ratingCount: b as number, id };
  }
  if (sort === "newest" && rest.length === 2 && typeof a === "string" && isCursorTimestamp(a)) {
    return { sort, at: a, id };
  }
  return invalid("use nextCursor from the previous page");
}
