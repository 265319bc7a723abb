// Loads the official templates (templates/official/*.json) into connectors.connector_templates, for
// the dev seed and for a real Supabase project (scripts/load-templates.ts). Needs a connection
// that RLS and the template guard do not restrict: the database owner or service_role.
//
// Upsert by slug, decided per template:
// - no row with the slug: insert it, official, public, approved, no owner workspace, with the
//   file's isFeatured;
// - an official row with a LOWER version: rewrite its content (name, description, category,
//   definition, required credentials, version) and keep it official, public and approved.
//   is_featured, install_count and ratings are left alone: featuring is curated in the admin API;
// - an official row with the same or a higher version: leave it. A same-version row whose content
//   differs from the file is reported as `drifted` (someone edited the file without bumping the
//   version, or an admin edited the row): bump the file's version to publish it;
// - a row that is not official (a community template holding the slug): never touched, reported
//   as a conflict.
// Installed connectors are not changed: they carry the template version they were installed from
// and move to a newer one through the connector upgrade endpoint.
import { isDeepStrictEqual } from "node:util";
import type postgres from "postgres";
import { OFFICIAL_TEMPLATES, type OfficialTemplate } from "../../templates/official/index.ts";

export type SeedSummary = {
  inserted: string[];
  updated: string[];
  unchanged: string[];
  /** Same version in the database, different content. */
  drifted: string[];
  /** The database holds a newer version than the file. */
  newer: string[];
  /** The slug belongs to a template that is not official. */
  conflicts: string[];
};

type Row = {
  slug: string;
  is_official: boolean;
  owner_workspace_id: string | null;
  version: number;
  name: string;
  description: string | null;
  category: string | null;
  definition: unknown;
  required_credentials: unknown;
};

function sameContent(row: Row, template: OfficialTemplate): boolean {
  return (
    row.name === template.name &&
    row.description === template.description &&
    row.category === template.category &&
    isDeepStrictEqual(row.definition, template.definition) &&
    isDeepStrictEqual(row.required_credentials, template.requiredCredentials)
  );
}

async function upsertOne(
  tx: postgres.TransactionSql,
  template: OfficialTemplate,
  summary: SeedSummary,
): Promise<void> {
  const definition = tx.json(template.definition as postgres.JSONValue);
  const credentials = tx.json(template.requiredCredentials as postgres.JSONValue);
  const written = await tx<{ inserted: boolean }[]>`
    insert into connectors.connector_templates as t
      (slug, name, description, category, definition, required_credentials, is_official,
       is_featured, visibility, review, owner_workspace_id, version, created_by)
    values (${template.slug}, ${template.name}, ${template.description}, ${template.category},
            ${definition}, ${credentials}, true, ${template.isFeatured}, 'public', 'approved',
            null, ${template.version}, null)
    on conflict (slug) where visibility = 'public' do update set
      name = excluded.name,
      description = excluded.description,
      category = excluded.category,
      definition = excluded.definition,
      required_credentials = excluded.required_credentials,
      version = excluded.version,
      visibility = 'public',
      review = 'approved'
    where t.is_official and t.owner_workspace_id is null and t.version < excluded.version
    returning (xmax = 0) as inserted`;
  const first = written[0];
  if (first) {
    (first.inserted ? summary.inserted : summary.updated).push(template.slug);
    return;
  }
  const [row] = await tx<Row[]>`
    select slug, is_official, owner_workspace_id, version, name, description, category,
           definition, required_credentials
    from connectors.connector_templates where slug = ${template.slug} and visibility = 'public'`;
  if (!row?.is_official || row.owner_workspace_id !== null) {
    summary.conflicts.push(template.slug);
  } else if (row.version > template.version) {
    summary.newer.push(template.slug);
  } else if (sameContent(row, template)) {
    summary.unchanged.push(template.slug);
  } else {
    summary.drifted.push(template.slug);
  }
}

/** Upserts the given templates inside an open transaction (e.g. the dev seed's). */
export async function upsertOfficialTemplates(
  tx: postgres.TransactionSql,
  templates: readonly OfficialTemplate[] = OFFICIAL_TEMPLATES,
): Promise<SeedSummary> {
  const summary: SeedSummary = {
    inserted: [],
    updated: [],
    unchanged: [],
    drifted: [],
    newer: [],
    conflicts: [],
  };
  for (const template of templates) await upsertOne(tx, template, summary);
  return summary;
}

/** Upserts every official template in one transaction (all or nothing). */
export async function seedOfficialTemplates(
  sql: postgres.Sql,
  templates: readonly OfficialTemplate[] = OFFICIAL_TEMPLATES,
): Promise<SeedSummary> {
  return sql.begin((tx) => upsertOfficialTemplates(tx, templates));
}

/** One line per outcome, for scripts to print. */
export function describeSummary(summary: SeedSummary): string[] {
  const lines: string[] = [];
  const add = (label: string, slugs: string[]) => {
    if (slugs.length > 0) lines.push(`${label} (${slugs.length}): ${slugs.join(", ")}`);
  };
  add("inserted", summary.inserted);
  add("updated", summary.updated);
  add("unchanged", summary.unchanged);
  add("newer version in the database, left alone", summary.newer);
  add("same version but different content (bump the file's version to publish)", summary.drifted);
  add("slug taken by a template that is not official, skipped", summary.conflicts);
  return lines;
}
