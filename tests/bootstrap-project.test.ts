// scripts/bootstrap-project.ts against a stand-in of Supabase Auth's admin endpoints and the
// real test database: the first saas admin and workspace, idempotent, no secret in its output.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bootstrapProject } from "../scripts/lib/bootstrap-project.ts";
import { ROOT } from "../scripts/lib/paths.ts";
import { testClient } from "./harness/app.ts";
import { type AuthAdminStandIn, startAuthAdminStandIn } from "./harness/auth-admin-standin.ts";
import { adminSql } from "./harness/fixtures.ts";
import { mintToken } from "../scripts/lib/tokens.ts";
import { JWT_SECRET, SUPABASE_URL } from "../scripts/lib/local-defaults.ts";

let auth: AuthAdminStandIn;
const password = `pw-${crypto.randomUUID()}`;

beforeAll(async () => {
  auth = await startAuthAdminStandIn(adminSql());
});
afterAll(() => auth.close());

function input(email: string, workspaceName: string) {
  return {
    supabaseUrl: auth.url,
    serviceRoleKey: auth.serviceRoleKey,
    // The API's own login role, as DEPLOY.md allows: it may switch to service_role.
    databaseUrl: inject("apiLoginUrl"),
    email,
    password,
    workspaceName,
  };
}

describe("bootstrap-project", () => {
  it("creates the user through the Auth admin API, a workspace they own, and a super_admin", async () => {
    const email = `first-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const result = await bootstrapProject(input(email, "Acme"));
    expect(result).toMatchObject({ userCreated: true, workspaceCreated: true });
    expect(auth.requests).toContainEqual({ method: "POST", path: "/auth/v1/admin/users" });

    const [member] = await adminSql()<{ role: string; name: string; email: string }[]>`
      select m.role, w.name, u.email from connectors.workspace_members m
      join connectors.workspaces w on w.id = m.workspace_id join auth.users u on u.id = m.user_id
      where m.user_id = ${result.userId}`;
    expect(member).toEqual({ role: "owner", name: "Acme", email });
    const [admin] = await adminSql()<{ role: string }[]>`
      select role from connectors.saas_admin_users where user_id = ${result.userId}`;
    expect(admin?.role).toBe("super_admin");

    // The API agrees: /v1/me shows the workspace and the saas-admin flag.
    const token = await mintToken(
      { id: result.userId, email },
      { secret: JWT_SECRET, supabaseUrl: SUPABASE_URL },
    );
    const me = await testClient().json<{ workspaces: { id: string; role: string }[] }>("/v1/me", {
      token,
    });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(JSON.stringify(me.body)).toContain(result.workspaceId);
    expect(me.body).toMatchObject({ workspaces: [{ id: result.workspaceId, role: "owner" }] });
  });

  it("changes nothing when run again for the same admin and workspace", async () => {
    const email = `again-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const first = await bootstrapProject(input(email, "Twice"));
    const second = await bootstrapProject(input(email.toUpperCase(), "Twice"));
    expect(second).toEqual({ ...first, userCreated: false, workspaceCreated: false });
    const [count] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.workspace_members where user_id = ${first.userId}`;
    expect(count?.n).toBe(1);
  });

  it("refuses a wrong service role key without writing anything", async () => {
    const email = `nokey-${crypto.randomUUID().slice(0, 8)}@example.test`;
    await expect(
      bootstrapProject({ ...input(email, "Nope"), serviceRoleKey: "sb_secret_wrong" }),
    ).rejects.toThrow(/Auth admin API/);
    const rows = await adminSql()`select 1 from auth.users where email = ${email}`;
    expect(rows).toHaveLength(0);
  });

  it("the npm script prints ids, never the key or the password", async () => {
    const email = `cli-${crypto.randomUUID().slice(0, 8)}@example.test`;
    // Asynchronously: the Auth stand-in answers from this process.
    const { stdout, stderr } = await promisify(execFile)(
      "npm",
      ["run", "--silent", "bootstrap:project", "--", "--email", email, "--workspace", "CLI"],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: {
          ...process.env,
          SUPABASE_URL: auth.url,
          SUPABASE_SERVICE_ROLE_KEY: auth.serviceRoleKey,
          DATABASE_URL: inject("apiLoginUrl"),
          BOOTSTRAP_ADMIN_PASSWORD: password,
        },
        timeout: 60_000,
      },
    );
    const output = `${stdout}${stderr}`;
    expect(output).toMatch(/super_admin; workspace "CLI": [0-9a-f-]{36} \(created\), owner/);
    expect(output).not.toContain(auth.serviceRoleKey);
    expect(output).not.toContain(password);
  }, 60_000);

  it("names what is missing", () => {
    const result = spawnSync("npm", ["run", "--silent", "bootstrap:project"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, SUPABASE_URL: "", DATABASE_URL: "" },
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/missing: --email, --workspace, SUPABASE_URL/);
  }, 60_000);
});
