// Per-test data, created as the database superuser: every test makes its own users and
// workspaces, so no test depends on another or on the dev seed.
import postgres from "postgres";
import { inject } from "vitest";
import { JWT_SECRET, SUPABASE_URL } from "../../scripts/lib/local-defaults.ts";
import { mintToken } from "../../scripts/lib/tokens.ts";

export type Role = "owner" | "admin" | "member";

let admin: postgres.Sql | undefined;

/** A superuser connection for arranging and inspecting data (never used by the API). */
export function adminSql(): postgres.Sql {
  admin ??= postgres(inject("superuserUrl"), { max: 4, onnotice: () => {} });
  return admin;
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

export async function createUser(label = "user"): Promise<TestUser> {
  const id = crypto.randomUUID();
  const email = `${label}-${id.slice(0, 8)}@test.local`;
  await adminSql()`insert into auth.users (id, email) values (${id}, ${email})`;
  const token = await mintToken({ id, email }, { secret: JWT_SECRET, supabaseUrl: SUPABASE_URL });
  return { id, email, token };
}

export async function createWorkspace(name = "Test workspace"): Promise<string> {
  const [row] = await adminSql()<{ id: string }[]>`
    insert into connectors.workspaces (name) values (${name}) returning id`;
  if (!row) throw new Error("workspace not created");
  return row.id;
}

export async function addMember(workspaceId: string, userId: string, role: Role): Promise<void> {
  await adminSql()`
    insert into connectors.workspace_members (workspace_id, user_id, role)
    values (${workspaceId}, ${userId}, ${role})`;
}

export async function makeSaasAdmin(userId: string, role = "admin"): Promise<void> {
  await adminSql()`insert into connectors.saas_admin_users (user_id, role) values (${userId}, ${role})`;
}

/** A workspace with an owner, an admin and a member, plus an outsider in a second workspace. */
export async function createTeam(): Promise<{
  workspaceId: string;
  otherWorkspaceId: string;
  owner: TestUser;
  admin: TestUser;
  member: TestUser;
  outsider: TestUser;
}> {
  const [workspaceId, otherWorkspaceId, owner, adminUser, member, outsider] = await Promise.all([
    createWorkspace("Team workspace"),
    createWorkspace("Other workspace"),
    createUser("owner"),
    createUser("admin"),
    createUser("member"),
    createUser("outsider"),
  ]);
  await addMember(workspaceId, owner.id, "owner");
  await addMember(workspaceId, adminUser.id, "admin");
  await addMember(workspaceId, member.id, "member");
  await addMember(otherWorkspaceId, outsider.id, "owner");
  return { workspaceId, otherWorkspaceId, owner, admin: adminUser, member, outsider };
}

/** A credential row with placeholder ciphertext (for definition checks, not for running). */
export async function insertCredentialRow(
  workspaceId: string,
  name: string,
  allowedHosts: string[],
): Promise<void> {
  await adminSql()`
    insert into connectors.workspace_api_credentials (workspace_id, name, ciphertext, allowed_hosts)
    values (${workspaceId}, ${name}, 'placeholder', ${allowedHosts})`;
}
