// docs/SECURITY.md: workspace isolation holds at the database, whatever the API does. A user
// connected directly (role authenticated + their claims) sees no row of another workspace, in any
// table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectAsUser } from "./harness/as-user.ts";
import { adminSql, createTeam } from "./harness/fixtures.ts";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let asMember: ReturnType<typeof connectAsUser>;

async function populate(workspaceId: string, userId: string): Promise<void> {
  const sql = adminSql();
  const [contact] = await sql<{ id: string }[]>`
    insert into connectors.contacts (workspace_id, email) values (${workspaceId}, 'c@x.test') returning id`;
  const [template] = await sql<{ id: string }[]>`
    insert into connectors.connector_templates
      (slug, name, definition, owner_workspace_id, visibility, review, created_by)
    values (${`private-${workspaceId}`}, 'Private', '{"steps":[]}', ${workspaceId}, 'workspace',
            'approved', ${userId})
    returning id`;
  const [connector] = await sql<{ id: string }[]>`
    insert into connectors.connectors (workspace_id, name, definition, template_id, template_version, created_by)
    values (${workspaceId}, 'C', '{"steps":[]}', ${template?.id ?? null}, 1, ${userId}) returning id`;
  await sql`
    insert into connectors.connector_executions (workspace_id, connector_id, definition, contact_id, created_by)
    values (${workspaceId}, ${connector?.id ?? null}, '{"steps":[]}', ${contact?.id ?? null}, ${userId})`;
  await sql`
    insert into connectors.execution_batches (workspace_id, connector_id, total, request_hash, created_by)
    values (${workspaceId}, ${connector?.id ?? null}, 1, ${"0".repeat(64)}, ${userId})`;
  await sql`
    insert into connectors.workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
    values (${workspaceId}, 'token', 'sealed', ${["api.example.com"]})`;
  await sql`
    insert into connectors.oauth_states
      (workspace_id, credential_id, user_id, binding, sealed_verifier, key_version, redirect_uri,
       expires_at)
    select ${workspaceId}, id, ${userId}, 'digest', 'sealed', 1, 'http://api.test/cb', now()
    from connectors.workspace_api_credentials where workspace_id = ${workspaceId} and name = 'token'`;
  await sql`
    insert into connectors.connector_webhooks (workspace_id, connector_id, secret_ciphertext, secret_key_version)
    values (${workspaceId}, ${connector?.id ?? null}, 'sealed', 1)`;
  await sql`
    insert into connectors.audit_log (workspace_id, actor_id, action) values (${workspaceId}, ${userId}, 'connector.create')`;
  await sql`
    insert into connectors.template_ratings (template_id, user_id, rating) values (${template?.id ?? null}, ${userId}, 4)`;
  await sql`
    insert into connectors.connector_schedules (connector_id, workspace_id, cron, contact_id)
    values (${connector?.id ?? null}, ${workspaceId}, '@daily', ${contact?.id ?? null})`;
}

beforeAll(async () => {
  team = await createTeam();
  await populate(team.workspaceId, team.owner.id);
  await populate(team.otherWorkspaceId, team.outsider.id);
  asMember = connectAsUser(team.member.id);
});

afterAll(async () => {
  await asMember.end();
});

describe("row level security, connected directly as a user", () => {
  it("every public table with a workspace column shows only the user's workspaces", async () => {
    const tables = await adminSql()<{ table_name: string; column_name: string }[]>`
      select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables t
        on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'connectors' and t.table_type = 'BASE TABLE'
        and c.column_name in ('workspace_id', 'owner_workspace_id')`;
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const { table_name, column_name } of tables) {
      // Approved public community templates are everyone's by design (other suites make some).
      const shared =
        table_name === "connector_templates"
          ? " and not (visibility = 'public' and review = 'approved')"
          : "";
      if (table_name === "oauth_states") {
        // service_role's alone: a user cannot even ask.
        await expect(
          asMember.unsafe(`select count(*) from connectors.${table_name}`),
        ).rejects.toThrow(/permission denied/);
        continue;
      }
      const foreign = await asMember.unsafe(
        `select count(*)::int as n from connectors.${table_name} where ${column_name} <> $1${shared}`,
        [team.workspaceId],
      );
      expect(foreign[0]?.n, `${table_name}.${column_name}`).toBe(0);
      const total = await adminSql().unsafe(
        `select count(*)::int as n from connectors.${table_name} where ${column_name} = $1`,
        [team.otherWorkspaceId],
      );
      expect(total[0]?.n, `${table_name} has rows in the other workspace`).toBeGreaterThan(0);
    }
  });

  it("tables without a workspace column leak nothing either", async () => {
    const ratings = await asMember`
      select r.* from connectors.template_ratings r
      join connectors.connector_templates t on t.id = r.template_id
      where t.owner_workspace_id = ${team.otherWorkspaceId}`;
    expect(ratings).toHaveLength(0);
    const members = await asMember`
      select * from connectors.workspace_members where workspace_id = ${team.otherWorkspaceId}`;
    expect(members).toHaveLength(0);
    const workspaces = await asMember`select id from connectors.workspaces`;
    expect(workspaces.map((w) => w.id)).toEqual([team.workspaceId]);
    const admins = await asMember`select * from connectors.saas_admin_users`;
    expect(admins).toHaveLength(0);
  });

  it("the member cannot read credential ciphertext, even of their own workspace", async () => {
    await expect(
      asMember`select ciphertext from connectors.workspace_api_credentials`,
    ).rejects.toThrow(/permission denied/);
    const meta = await asMember`select name from connectors.workspace_api_credentials`;
    expect(meta.map((row) => row.name)).toEqual(["token"]);
  });

  it("the login role alone (no role switch) can read nothing", async () => {
    const { default: postgres } = await import("postgres");
    const { inject } = await import("vitest");
    const bare = postgres(inject("apiLoginUrl"), { max: 1, onnotice: () => {} });
    try {
      await expect(bare`select * from connectors.connectors`).rejects.toThrow(/permission denied/);
    } finally {
      await bare.end();
    }
  });
});
