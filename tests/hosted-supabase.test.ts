// The migrations meet a database laid out like a hosted Supabase project (docs/DEPLOY.md): roles
// and the `auth` schema belong to the platform, `authenticator` is reserved, and `postgres`,
// not a superuser, runs them (as `supabase db push` does). Then the deploy steps of
// docs/DEPLOY.md for the login role, and the pgTAP suite under `supabase test db` conventions.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/paths.ts";
import { type HostedDatabase, startHostedDatabase } from "./harness/hosted.ts";

const LOGIN_PASSWORD = `deploy-${crypto.randomUUID()}`;

let hosted: HostedDatabase;
let owner: postgres.Sql;
let ownerUrl: string;
let loginUrl: string;

beforeAll(async () => {
  hosted = await startHostedDatabase("pg-hosted");
  ownerUrl = hosted.ownerUrl;
  loginUrl = `postgresql://connectors_api:${LOGIN_PASSWORD}@127.0.0.1:${hosted.port}/postgres`;
  owner = postgres(ownerUrl, { max: 2, onnotice: () => {} });
}, 120_000);

afterAll(async () => {
  await owner?.end();
  hosted?.stop();
});

describe("migrations on a hosted-like Supabase database", () => {
  it("apply as postgres, who is not a superuser", async () => {
    const [me] = await owner<{ rolsuper: boolean }[]>`
      select rolsuper from pg_roles where rolname = current_user`;
    expect(me?.rolsuper).toBe(false);
    const files = readdirSync(join(ROOT, "supabase/migrations")).filter((f) => f.endsWith(".sql"));
    expect(hosted.push()).toBe(files.length);
    // Re-running is a no-op, as `supabase db push` on an up-to-date project.
    expect(hosted.push()).toBe(0);
  }, 120_000);

  it("leave authenticator as the platform made it", async () => {
    const members = await owner<{ rolname: string }[]>`
      select m.rolname from pg_auth_members a
      join pg_roles r on r.oid = a.roleid join pg_roles m on m.oid = a.member
      where r.rolname = 'authenticator'`;
    expect(members).toEqual([]);
    const [authenticator] = await owner<{ rolcanlogin: boolean }[]>`
      select rolcanlogin from pg_roles where rolname = 'authenticator'`;
    expect(authenticator?.rolcanlogin).toBe(false);
  });

  it("could not have used authenticator: the runner may neither grant it nor set its password", async () => {
    await expect(owner`grant authenticator to connectors_api`).rejects.toThrow();
    await expect(owner.unsafe("alter role authenticator password 'x'")).rejects.toThrow();
  });

  it("create connectors_api: LOGIN NOINHERIT, authenticated and service_role, a timeout, no password", async () => {
    const [role] = await owner<
      { login: boolean; inherit: boolean; super: boolean; bypass: boolean; settings: string[] }[]
    >`
      select r.rolcanlogin as login, r.rolinherit as inherit, r.rolsuper as super,
             r.rolbypassrls as bypass, coalesce(s.setconfig, '{}') as settings
      from pg_roles r left join pg_db_role_setting s on s.setrole = r.oid and s.setdatabase = 0
      where r.rolname = 'connectors_api'`;
    expect(role).toMatchObject({ login: true, inherit: false, super: false, bypass: false });
    expect(role?.settings).toContain("statement_timeout=8s");
    const member = await owner<{ role: string }[]>`
      select r.rolname as role from pg_auth_members a
      join pg_roles r on r.oid = a.roleid join pg_roles m on m.oid = a.member
      where m.rolname = 'connectors_api' order by 1`;
    expect(member.map((m) => m.role)).toEqual(["authenticated", "service_role"]);
    // No password until the deploy sets one: nobody can log in as it yet.
    const none = postgres(loginUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    await expect(none`select 1`).rejects.toThrow();
    await none.end();
  });

  it("after the deploy sets its password, the API's data path works as on Hyperdrive", async () => {
    // docs/DEPLOY.md, "The login role": run by the project's postgres user.
    await owner.unsafe(`alter role connectors_api with password '${LOGIN_PASSWORD}'`);
    const userId = crypto.randomUUID();
    const [ws] = await owner<{ id: string }[]>`
      insert into connectors.workspaces (name) values ('hosted') returning id`;
    await owner`insert into auth.users (id, email) values (${userId}, 'hosted@example.test')`;
    await owner`insert into connectors.workspace_members (workspace_id, user_id, role)
                values (${ws?.id ?? ""}, ${userId}, 'owner')`;
    await owner`insert into connectors.workspaces (name) values ('someone else')`;

    const api = postgres(loginUrl, { max: 1, onnotice: () => {}, prepare: false });
    try {
      const [timeout] = await api<{ t: string }[]>`select current_setting('statement_timeout') t`;
      expect(timeout?.t).toBe("8s");
      // Without switching role it reads nothing.
      await expect(api`select id from connectors.workspaces`).rejects.toThrow(/permission denied/);
      const seen = await api.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true),
                        set_config('request.jwt.claims', ${JSON.stringify({ sub: userId, role: "authenticated" })}, true)`;
        return tx<{ name: string }[]>`select name from connectors.workspaces`;
      });
      expect(seen.map((w) => w.name)).toEqual(["hosted"]);
      const all = await api.begin(async (tx) => {
        await tx`select set_config('role', 'service_role', true)`;
        return tx<{ n: number }[]>`select count(*)::int n from connectors.workspaces`;
      });
      expect(all[0]?.n).toBe(2);
      await expect(api.begin((tx) => tx`select set_config('role', 'anon', true)`)).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await api.end();
    }
  });

  it("pass the pgTAP suite run as postgres, with pgTAP in schema extensions", () => {
    const dir = join(ROOT, "supabase/tests/database");
    const files = readdirSync(dir)
      .filter((file) => file.endsWith(".test.sql"))
      .sort()
      .map((file) => join(dir, file));
    const result = spawnSync("pg_prove", ["-d", ownerUrl, ...files], { encoding: "utf8" });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  }, 120_000);
});
