// The first saas admin and workspace of a real Supabase project (docs/DEPLOY.md): the user
// through the Auth admin API with @supabase/supabase-js, then one transaction of SQL for the
// product's rows — schema `connectors` is not exposed through the Data API, so SQL is the way
// in. Re-running with the same email and workspace name changes nothing.
import { createClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { taskDatabase } from "../../trigger/config.ts";

export interface BootstrapInput {
  supabaseUrl: string;
  /** The project's service role (secret) key: the Auth admin API needs it. */
  serviceRoleKey: string;
  /** A login that may `set role service_role`: the project's postgres user or connectors_api. */
  databaseUrl: string;
  email: string;
  password: string;
  workspaceName: string;
}

export interface BootstrapResult {
  userId: string;
  userCreated: boolean;
  workspaceId: string;
  workspaceCreated: boolean;
}

export class BootstrapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BootstrapError";
  }
}

async function findOrCreateUser(input: BootstrapInput): Promise<{ id: string; created: boolean }> {
  const supabase = createClient(input.supabaseUrl, input.serviceRoleKey, {
    auth: { autoRefreshToken: false, persistSession: false, detectSessionInUrl: false },
  });
  const created = await supabase.auth.admin.createUser({
    email: input.email,
    password: input.password,
    email_confirm: true,
  });
  if (created.data.user) return { id: created.data.user.id, created: true };
  if (created.error?.code !== "email_exists") {
    throw new BootstrapError(`Auth admin API: ${created.error?.message ?? "no user returned"}`);
  }
  const wanted = input.email.toLowerCase();
  for (let page = 1; ; page++) {
    const listed = await supabase.auth.admin.listUsers({ page, perPage: 100 });
    if (listed.error) throw new BootstrapError(`Auth admin API: ${listed.error.message}`);
    const user = listed.data.users.find((u) => u.email?.toLowerCase() === wanted);
    if (user) return { id: user.id, created: false };
    if (listed.data.users.length < 100) break;
  }
  throw new BootstrapError("Auth admin API: the user exists but could not be listed");
}

export async function bootstrapProject(input: BootstrapInput): Promise<BootstrapResult> {
  if (input.password.length < 12) {
    throw new BootstrapError("the admin password needs at least 12 characters");
  }
  const user = await findOrCreateUser(input);
  const { url, ...options } = taskDatabase(input.databaseUrl);
  const sql = postgres(url, { ...options, max: 1, onnotice: () => {} });
  try {
    return await sql.begin(async (tx) => {
      await tx`select set_config('role', 'service_role', true)`;
      const [existing] = await tx<{ id: string }[]>`
        select w.id from connectors.workspaces w
        join connectors.workspace_members m on m.workspace_id = w.id
        where w.name = ${input.workspaceName} and m.user_id = ${user.id} and m.role = 'owner'
        order by w.created_at limit 1`;
      let workspaceId = existing?.id;
      if (!workspaceId) {
        const [row] = await tx<{ id: string }[]>`
          insert into connectors.workspaces (name) values (${input.workspaceName}) returning id`;
        workspaceId = row?.id;
        if (!workspaceId) throw new BootstrapError("the workspace was not created");
        await tx`
          insert into connectors.workspace_members (workspace_id, user_id, role)
          values (${workspaceId}, ${user.id}, 'owner')`;
      }
      await tx`
        insert into connectors.saas_admin_users (user_id, role) values (${user.id}, 'super_admin')
        on conflict (user_id) do update set role = 'super_admin'`;
      return {
        userId: user.id,
        userCreated: user.created,
        workspaceId,
        workspaceCreated: !existing,
      };
    });
  } finally {
    await sql.end();
  }
}
