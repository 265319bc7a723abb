// Templates arranged directly as the database superuser (as a migration or the seed would), for
// suites that browse, install and rate them. Each gets a unique slug and, by default, a unique
// category, so a suite can narrow browse results to its own rows on the shared test database.
import { specExample } from "./definitions.ts";
import { addMember, adminSql, createUser, createWorkspace, type TestUser } from "./fixtures.ts";

type Json = Parameters<ReturnType<typeof adminSql>["json"]>[0];

export interface TemplateRowInput {
  slug?: string;
  name?: string;
  description?: string | null;
  category?: string | null;
  definition?: Json;
  requiredCredentials?: Json;
  isOfficial?: boolean;
  isFeatured?: boolean;
  visibility?: "public" | "workspace";
  review?: "pending" | "approved" | "rejected";
  ownerWorkspaceId?: string | null;
  version?: number;
  installCount?: number;
  createdAt?: string;
}

export const uniqueTag = (prefix = "t") => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/** The example connector's needs, for rows inserted with `specExample(host)`. */
export function exampleCredentials(host: string) {
  return [
    {
      name: "example_token",
      authType: "bearer",
      allowedHosts: [host],
      helpText: "Any token the target accepts.",
    },
  ];
}

export async function insertTemplateRow(row: TemplateRowInput = {}): Promise<string> {
  const sql = adminSql();
  const host = "127.0.0.1:8788";
  const createdAt = row.createdAt ?? new Date().toISOString();
  const [inserted] = await sql<{ id: string }[]>`
    insert into connectors.connector_templates
      (slug, name, description, category, definition, required_credentials, is_official,
       is_featured, visibility, review, owner_workspace_id, version, install_count,
       created_at, updated_at)
    values (${row.slug ?? uniqueTag("tpl")}, ${row.name ?? "Test template"},
            ${row.description ?? null}, ${row.category === undefined ? uniqueTag("cat") : row.category},
            ${sql.json(row.definition ?? specExample(host))},
            ${sql.json(row.requiredCredentials ?? exampleCredentials(host))},
            ${row.isOfficial ?? false}, ${row.isFeatured ?? false},
            ${row.visibility ?? "public"}, ${row.review ?? "approved"},
            ${row.ownerWorkspaceId ?? null}, ${row.version ?? 1}, ${row.installCount ?? 0},
            ${createdAt}, ${createdAt})
    returning id`;
  if (!inserted) throw new Error("template not created");
  return inserted.id;
}

export async function templateRow(id: string) {
  const [row] = await adminSql()<
    {
      install_count: number;
      rating_avg: string;
      rating_count: number;
      review: string;
      version: number;
      is_featured: boolean;
    }[]
  >`select install_count, rating_avg::text, rating_count, review, version, is_featured
    from connectors.connector_templates where id = ${id}`;
  if (!row) throw new Error(`template ${id} not found`);
  return row;
}

/** Records that a workspace installed the template, as the install trigger does. */
export async function recordInstall(templateId: string, workspaceId: string): Promise<void> {
  await adminSql()`
    insert into connectors.template_installs (template_id, workspace_id)
    values (${templateId}, ${workspaceId}) on conflict do nothing`;
}

/** A user owning a workspace of their own that has installed the template: they may rate it. */
export async function createInstaller(
  templateId: string,
  label = "rater",
): Promise<TestUser & { workspaceId: string }> {
  const [user, workspaceId] = await Promise.all([createUser(label), createWorkspace(label)]);
  await addMember(workspaceId, user.id, "owner");
  await recordInstall(templateId, workspaceId);
  return { ...user, workspaceId };
}
