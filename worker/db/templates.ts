import type { Tx } from "./client.ts";
import { translateWriteError } from "./errors.ts";
import { containsPattern, cursorAt, iso } from "./sql.ts";

export type TemplateVisibility = "public" | "workspace";
export type TemplateReview = "pending" | "approved" | "rejected";
export type TemplateSort = "popular" | "rating" | "newest";

/**
 * A template row as the caller may read it. `requiredCredentials` is the stored jsonb as it is;
 * the templates service reads it and derives the input schema and hosts from the definition.
 */
export interface StoredTemplate {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  category: string | null;
  definition: Record<string, unknown>;
  requiredCredentials: unknown;
  isOfficial: boolean;
  isFeatured: boolean;
  visibility: TemplateVisibility;
  review: TemplateReview;
  ownerWorkspaceId: string | null;
  version: number;
  installCount: number;
  ratingAvg: number;
  ratingCount: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Where the next page of a browse starts, per sort order (all descending, then id). */
export type TemplateKeyset =
  | { sort: "popular"; installCount: number; id: string }
  | { sort: "rating"; ratingAvg: string; ratingCount: number; id: string }
  | { sort: "newest"; at: string; id: string };

interface TemplateRow
  extends Omit<StoredTemplate, "requiredCredentials" | "createdAt" | "updatedAt"> {
  requiredCredentials: unknown;
  ratingKey: string;
  createdAt: Date;
  updatedAt: Date;
  cursorAt: string;
}

/** A browsed template with the sort keys its next-page cursor is made of. */
export type TemplateWithKeys = StoredTemplate & {
  keys: { installCount: number; ratingAvg: string; ratingCount: number; at: string };
};

function toTemplate({ ratingKey, cursorAt: at, ...row }: TemplateRow): TemplateWithKeys {
  return {
    ...row,
    createdAt: iso(row.createdAt) as string,
    updatedAt: iso(row.updatedAt) as string,
    keys: {
      installCount: row.installCount,
      ratingAvg: ratingKey,
      ratingCount: row.ratingCount,
      at,
    },
  };
}

export function withoutKeys<T extends { keys: unknown }>(row: T): Omit<T, "keys"> {
  const { keys: _ignored, ...template } = row;
  return template;
}

/**
 * The columns of the API's template object from `connector_templates t`, read as a user. Who
 * published it (owner workspace and author) is shown only to members of the owner workspace
 * and to saas admins: to anyone else it would name another tenant.
 */
function columns(tx: Tx) {
  const insider = tx`(t.owner_workspace_id in (select connectors.user_workspace_ids())
                      or (select connectors.is_saas_admin()))`;
  return tx`
    t.id, t.slug, t.name, t.description, t.category, t.definition,
    t.required_credentials as "requiredCredentials", t.is_official as "isOfficial",
    t.is_featured as "isFeatured", t.visibility, t.review,
    case when ${insider} then t.owner_workspace_id end as "ownerWorkspaceId",
    t.version, t.install_count as "installCount",
    t.rating_avg::float8 as "ratingAvg", t.rating_avg::text as "ratingKey",
    t.rating_count as "ratingCount", case when ${insider} then t.created_by end as "createdBy",
    t.created_at as "createdAt",
    t.updated_at as "updatedAt", ${tx.unsafe(cursorAt("t.created_at"))} as "cursorAt"`;
}

const ORDER: Record<TemplateSort, string> = {
  popular: "t.install_count desc, t.id desc",
  rating: "t.rating_avg desc, t.rating_count desc, t.id desc",
  newest: "t.created_at desc, t.id desc",
};

export interface ListTemplatesArgs {
  sort: TemplateSort;
  limit: number;
  after: TemplateKeyset | null;
  q?: string;
  category?: string;
  featured?: boolean;
  official?: boolean;
  review?: TemplateReview;
}

/** Browse (`limit + 1` rows) as the caller: RLS decides which templates exist for them. */
export async function listTemplates(tx: Tx, args: ListTemplatesArgs): Promise<TemplateWithKeys[]> {
  const pattern = args.q ? containsPattern(args.q) : null;
  const q = pattern
    ? tx`and (t.name ilike ${pattern} or t.description ilike ${pattern}
             or t.category ilike ${pattern})`
    : tx``;
  const category = args.category ? tx`and lower(t.category) = lower(${args.category})` : tx``;
  const featured = args.featured === undefined ? tx`` : tx`and t.is_featured = ${args.featured}`;
  const official = args.official === undefined ? tx`` : tx`and t.is_official = ${args.official}`;
  const review = args.review ? tx`and t.review = ${args.review}` : tx``;
  const after = keysetCondition(tx, args.after);
  const rows = await tx<TemplateRow[]>`
    select ${columns(tx)}
    from connectors.connector_templates t
    where true ${q} ${category} ${featured} ${official} ${review} ${after}
    order by ${tx.unsafe(ORDER[args.sort])}
    limit ${args.limit + 1}`;
  return rows.map(toTemplate);
}

function keysetCondition(tx: Tx, after: TemplateKeyset | null) {
  if (!after) return tx``;
  switch (after.sort) {
    case "popular":
      return tx`and (t.install_count, t.id) < (${after.installCount}, ${after.id}::uuid)`;
    case "rating":
      return tx`and (t.rating_avg, t.rating_count, t.id)
                  < (${after.ratingAvg}::numeric, ${after.ratingCount}, ${after.id}::uuid)`;
    case "newest":
      return tx`and (t.created_at, t.id) < (${after.at}::timestamptz, ${after.id}::uuid)`;
  }
}

/** One template if the caller may read it (RLS), else null. */
export async function getTemplate(tx: Tx, id: string): Promise<StoredTemplate | null> {
  const [row] = await tx<TemplateRow[]>`
    select ${columns(tx)} from connectors.connector_templates t where t.id = ${id}`;
  return row ? withoutKeys(toTemplate(row)) : null;
}

export interface TemplateWrite {
  slug: string;
  name: string;
  description?: string | null;
  category?: string | null;
  definition: Record<string, unknown>;
  requiredCredentials: readonly object[];
  visibility: TemplateVisibility;
  review?: TemplateReview;
  isOfficial?: boolean;
  isFeatured?: boolean;
  ownerWorkspaceId?: string | null;
}

/**
 * Inserts as the caller. Policies and the guard trigger decide: only saas admins set
 * official/featured/review; a workspace admin's public template is forced to `pending`.
 */
export async function insertTemplate(tx: Tx, input: TemplateWrite): Promise<string> {
  const id = crypto.randomUUID();
  try {
    await tx`
      insert into connectors.connector_templates
        (id, slug, name, description, category, definition, required_credentials, visibility,
         review, is_official, is_featured, owner_workspace_id)
      values (${id}, ${input.slug}, ${input.name}, ${input.description ?? null},
              ${input.category ?? null}, ${tx.json(input.definition as never)},
              ${tx.json(input.requiredCredentials as never)}, ${input.visibility},
              ${input.review ?? "approved"}, ${input.isOfficial ?? false},
              ${input.isFeatured ?? false}, ${input.ownerWorkspaceId ?? null})`;
  } catch (error) {
    translateWriteError(error, "the template");
  }
  return id;
}

export type TemplatePatch = Partial<Omit<TemplateWrite, "ownerWorkspaceId">>;

/**
 * Updates as the caller; false when the template is not visible (or not writable) to them.
 * A definition that differs from the stored one (jsonb equality, so key order does not count)
 * bumps `version`, which is what tells installed connectors an update is available.
 */
export async function updateTemplate(tx: Tx, id: string, patch: TemplatePatch): Promise<boolean> {
  const set: Record<string, unknown> = {};
  if (patch.slug !== undefined) set.slug = patch.slug;
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.category !== undefined) set.category = patch.category;
  if (patch.requiredCredentials !== undefined) {
    set.required_credentials = tx.json(patch.requiredCredentials as never);
  }
  if (patch.visibility !== undefined) set.visibility = patch.visibility;
  if (patch.review !== undefined) set.review = patch.review;
  if (patch.isOfficial !== undefined) set.is_official = patch.isOfficial;
  if (patch.isFeatured !== undefined) set.is_featured = patch.isFeatured;
  try {
    if (Object.keys(set).length > 0) {
      const rows = await tx`
        update connectors.connector_templates set ${tx(set)} where id = ${id} returning id`;
      if (rows.length === 0) return false;
    }
    if (patch.definition !== undefined) {
      const definition = tx.json(patch.definition as never);
      // In SET, `definition` on the right is still the old value.
      const rows = await tx`
        update connectors.connector_templates
        set version = case when definition is distinct from ${definition}::jsonb
                           then version + 1 else version end,
            definition = ${definition}
        where id = ${id}
        returning id`;
      if (rows.length === 0) return false;
    }
    if (Object.keys(set).length === 0 && patch.definition === undefined) {
      const [row] = await tx`select 1 from connectors.connector_templates where id = ${id}`;
      return Boolean(row);
    }
    return true;
  } catch (error) {
    translateWriteError(error, "the template");
  }
}

export async function deleteTemplate(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx`delete from connectors.connector_templates where id = ${id} returning id`;
  return rows.length > 0;
}
