// Ratings of marketplace templates. Who may rate what is the database's rule (rating_refusal).
import {
  listRatings as listRows,
  putRating,
  type RatingRefusal,
  ratingRefusal,
} from "../db/ratings.ts";
import { Forbidden, NotFound } from "../lib/errors.ts";
import { type Keyset, page, withoutCursor } from "../lib/pagination.ts";
import { asCaller, type Scope } from "./scope.ts";
import { readTemplate } from "./templates.ts";

const notFound = () => new NotFound("Template not found.");

const REFUSALS: Record<Exclude<RatingRefusal, "not_found">, string> = {
  not_approved: "Only approved templates can be rated.",
  own_template: "A template cannot be rated by a member of the workspace that published it.",
  not_installed: "Install the template in one of your workspaces before rating it.",
};

export async function listRatings(
  scope: Scope,
  templateId: string,
  args: { limit: number; after: Keyset | null },
) {
  const rows = await asCaller(scope, (tx) => listRows(tx, { ...args, templateId }));
  if (!rows) throw notFound();
  const result = page(rows, args.limit, (row) => ({ at: row.cursorAt, id: row.userId }));
  return { data: result.data.map(withoutCursor), nextCursor: result.nextCursor };
}

/** Stores or replaces the caller's rating; answers with the template's new aggregates. */
export function rateTemplate(
  scope: Scope,
  templateId: string,
  input: { rating: number; review?: string | null },
) {
  return asCaller(scope, async (tx) => {
    const refusal = await ratingRefusal(tx, templateId);
    if (refusal === "not_found") throw notFound();
    if (refusal) throw new Forbidden(REFUSALS[refusal]);
    const { outcome, rating } = await putRating(tx, templateId, input.rating, input.review ?? null);
    const template = await readTemplate(tx, templateId);
    if (!template) throw new Error("rated template not readable");
    const { id, ratingAvg, ratingCount } = template;
    return { outcome, rating: { ...rating, template: { id, ratingAvg, ratingCount } } };
  });
}
