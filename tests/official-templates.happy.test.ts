// The official-template loader (scripts/lib/official-templates.ts) against the real database.
// Each test works on copies of the official templates under unique slugs, inside a transaction
// that is rolled back, so no other suite ever sees its rows.
import type postgres from "postgres";
import { describe, expect, test } from "vitest";
import { upsertOfficialTemplates } from "../scripts/lib/official-templates.ts";
import { OFFICIAL_TEMPLATES, type OfficialTemplate } from "../templates/official/index.ts";
import { adminSql, createWorkspace } from "./harness/fixtures.ts";

class RolledBack extends Error {}

async function inRolledBackTransaction(
  work: (tx: postgres.TransactionSql) => Promise<void>,
): Promise<void> {
  await expect(
    adminSql().begin(async (tx) => {
      await work(tx);
      throw new RolledBack();
    }),
  ).rejects.toBeInstanceOf(RolledBack);
}

function copies(): OfficialTemplate[] {
  const tag = crypto.randomUUID().slice(0, 8);
  return OFFICIAL_TEMPLATES.map((t) => ({ ...t, slug: `${t.slug}-${tag}` }));
}

type Row = {
  slug: string;
  version: number;
  is_official: boolean;
  is_featured: boolean;
  visibility: string;
  review: string;
  owner_workspace_id: string | null;
  description: string;
  definition: unknown;
  required_credentials: unknown;
};

async function rows(tx: postgres.TransactionSql, slugs: string[]): Promise<Map<string, Row>> {
  const found = await tx<Row[]>`
    select slug, version, is_official, is_featured, visibility, review, owner_workspace_id,
           description, definition, required_credentials
    from connectors.connector_templates where slug = any(${slugs})`;
  return new Map(found.map((row) => [row.slug, row]));
}

describe("loading the official templates", () => {
  test("inserts every template as official, public and approved, with its file's content", async () => {
    const templates = copies();
    await inRolledBackTransaction(async (tx) => {
      const summary = await upsertOfficialTemplates(tx, templates);
      expect(summary.inserted).toEqual(templates.map((t) => t.slug));
      const stored = await rows(
        tx,
        templates.map((t) => t.slug),
      );
      for (const template of templates) {
        const row = stored.get(template.slug);
        expect(row).toMatchObject({
          version: template.version,
          is_official: true,
          is_featured: template.isFeatured,
          visibility: "public",
          review: "approved",
          owner_workspace_id: null,
        });
        expect(row?.definition).toEqual(template.definition);
        expect(row?.required_credentials).toEqual(template.requiredCredentials);
      }
    });
  });

  test("running it again changes nothing", async () => {
    const templates = copies();
    await inRolledBackTransaction(async (tx) => {
      await upsertOfficialTemplates(tx, templates);
      const again = await upsertOfficialTemplates(tx, templates);
      expect(again.unchanged).toEqual(templates.map((t) => t.slug));
      expect([...again.inserted, ...again.updated, ...again.drifted, ...again.conflicts]).toEqual(
        [],
      );
    });
  });

  test("a higher file version rewrites the content but keeps the curated featured flag", async () => {
    const templates = copies();
    const [first] = templates;
    if (!first) throw new Error("no templates");
    await inRolledBackTransaction(async (tx) => {
      await upsertOfficialTemplates(tx, [first]);
      await tx`update connectors.connector_templates set is_featured = ${!first.isFeatured}
               where slug = ${first.slug}`;
      const bumped = { ...first, version: first.version + 1, description: "Rewritten." };
      const summary = await upsertOfficialTemplates(tx, [bumped]);
      expect(summary.updated).toEqual([first.slug]);
      const row = (await rows(tx, [first.slug])).get(first.slug);
      expect(row).toMatchObject({
        version: first.version + 1,
        description: "Rewritten.",
        is_featured: !first.isFeatured,
      });
    });
  });

  test("same version with other content, or an older file, leaves the row and says so", async () => {
    const [a, b] = copies();
    if (!a || !b) throw new Error("no templates");
    await inRolledBackTransaction(async (tx) => {
      await upsertOfficialTemplates(tx, [a, b]);
      await tx`update connectors.connector_templates set version = 7 where slug = ${b.slug}`;
      const summary = await upsertOfficialTemplates(tx, [{ ...a, description: "Edited." }, b]);
      expect(summary.drifted).toEqual([a.slug]);
      expect(summary.newer).toEqual([b.slug]);
      const stored = await rows(tx, [a.slug, b.slug]);
      expect(stored.get(a.slug)?.description).toBe(a.description);
      expect(stored.get(b.slug)?.version).toBe(7);
    });
  });

  test("never overwrites a public community template that holds the slug", async () => {
    const [template] = copies();
    if (!template) throw new Error("no templates");
    const workspaceId = await createWorkspace("Template squatter");
    await inRolledBackTransaction(async (tx) => {
      await tx`
        insert into connectors.connector_templates
          (slug, name, definition, visibility, owner_workspace_id, version)
        values (${template.slug}, 'Community copy', ${tx.json({ steps: [] })}, 'public',
                ${workspaceId}, 1)`;
      const summary = await upsertOfficialTemplates(tx, [{ ...template, version: 99 }]);
      expect(summary.conflicts).toEqual([template.slug]);
      const row = (await rows(tx, [template.slug])).get(template.slug);
      expect(row).toMatchObject({
        is_official: false,
        version: 1,
        owner_workspace_id: workspaceId,
      });
    });
  });

  test("a workspace's private template with the same slug neither blocks nor is touched", async () => {
    const [template] = copies();
    if (!template) throw new Error("no templates");
    const workspaceId = await createWorkspace("Private slug holder");
    await inRolledBackTransaction(async (tx) => {
      await tx`
        insert into connectors.connector_templates
          (slug, name, definition, visibility, owner_workspace_id, version)
        values (${template.slug}, 'Private copy', ${tx.json({ steps: [] })}, 'workspace',
                ${workspaceId}, 1)`;
      const summary = await upsertOfficialTemplates(tx, [template]);
      expect(summary.inserted).toEqual([template.slug]);
      const stored = await tx<{ is_official: boolean; name: string; visibility: string }[]>`
        select is_official, name, visibility from connectors.connector_templates
        where slug = ${template.slug} order by is_official`;
      expect(stored).toEqual([
        { is_official: false, name: "Private copy", visibility: "workspace" },
        { is_official: true, name: template.name, visibility: "public" },
      ]);
    });
  });
});
