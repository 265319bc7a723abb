import type { Keyset } from "../lib/pagination.ts";
import type { Tx } from "./client.ts";
import { cursorAt, iso, olderThan } from "./sql.ts";

export interface Rating {
  templateId: string;
  userId: string;
  rating: number;
  review: string | null;
  createdAt: string;
  updatedAt: string;
}

interface RatingRow extends Omit<Rating, "createdAt" | "updatedAt"> {
  createdAt: Date;
  updatedAt: Date;
  cursorAt: string;
}

const toRating = (row: RatingRow): Rating & { cursorAt: string } => ({
  ...row,
  createdAt: iso(row.createdAt) as string,
  updatedAt: iso(row.updatedAt) as string,
});

function columns(tx: Tx) {
  return tx`
    r.template_id as "templateId", r.user_id as "userId", r.rating, r.review,
    r.created_at as "createdAt", r.updated_at as "updatedAt",
    ${tx.unsafe(cursorAt("r.created_at"))} as "cursorAt"`;
}

/**
 * Why the caller may not rate a template (the database's rule, docs/ARCHITECTURE.md); null when
 * they may.
 */
export type RatingRefusal = "not_found" | "not_approved" | "own_template" | "not_installed";

export async function ratingRefusal(tx: Tx, templateId: string): Promise<RatingRefusal | null> {
  const [row] = await tx<{ refusal: RatingRefusal | null }[]>`
    select connectors.rating_refusal(${templateId}) as refusal`;
  return row?.refusal ?? null;
}

/**
 * Stores or replaces the caller's rating of a template in one statement (so concurrent
 * re-ratings never collide); tells which. The trigger recomputes the template's aggregates.
 */
export async function putRating(
  tx: Tx,
  templateId: string,
  rating: number,
  review: string | null,
): Promise<{ outcome: "created" | "replaced"; rating: Rating }> {
  const [row] = await tx<(RatingRow & { inserted: boolean })[]>`
    insert into connectors.template_ratings as r (template_id, user_id, rating, review)
    values (${templateId}, (select auth.uid()), ${rating}, ${review})
    on conflict (template_id, user_id)
      do update set rating = excluded.rating, review = excluded.review
    returning ${columns(tx)}, (xmax = 0) as inserted`;
  if (!row) throw new Error("rating upsert returned no row");
  const { inserted, cursorAt: _c, ...stored } = { ...row, ...toRating(row) };
  return { outcome: inserted ? "created" : "replaced", rating: stored };
}

export interface ListRatingsArgs {
  templateId: string;
  limit: number;
  after: Keyset | null;
}

/**
 * Reviews of a template, newest first (`limit + 1`); keyed by (created_at, user_id). Null when
 * the caller cannot see the template (RLS).
 */
export async function listRatings(
  tx: Tx,
  args: ListRatingsArgs,
): Promise<(Rating & { cursorAt: string })[] | null> {
  const [visible] = await tx`
    select 1 from connectors.connector_templates where id = ${args.templateId}`;
  if (!visible) return null;
  const after = olderThan(tx, args.after, "r.created_at", "r.user_id");
  const rows = await tx<RatingRow[]>`
    select ${columns(tx)}
    from connectors.template_ratings r
    where r.template_id = ${args.templateId} ${after}
    order by r.created_at desc, r.user_id desc
    limit ${args.limit + 1}`;
  return rows.map(toRating);
}
