// docs/DEPLOY.md cannot rot: every `sh offline` block runs here, in order in one shell, as a
// person following the guide would — against a database laid out like a hosted Supabase project
// (migrated as `supabase db push` would) and a stand-in of Supabase Auth's admin API.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyring } from "../engine/crypto.ts";
import { DATA_DIR, ROOT } from "../scripts/lib/paths.ts";
import { type AuthAdminStandIn, startAuthAdminStandIn } from "./harness/auth-admin-standin.ts";
import { type HostedDatabase, startHostedDatabase } from "./harness/hosted.ts";

const doc = readFileSync(join(ROOT, "docs/DEPLOY.md"), "utf8");
const fences = [...doc.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
  info: (m[1] ?? "").trim(),
  body: m[2] ?? "",
}));
const offline = fences.filter((f) => f.info === "sh offline").map((f) => f.body);

let hosted: HostedDatabase;
let owner: postgres.Sql;
let auth: AuthAdminStandIn;

beforeAll(async () => {
  hosted = await startHostedDatabase("pg-deploy-doc");
  hosted.push();
  owner = postgres(hosted.ownerUrl, { max: 2, onnotice: () => {} });
  auth = await startAuthAdminStandIn(owner);
}, 120_000);

afterAll(async () => {
  await auth?.close();
  await owner?.end();
  hosted?.stop();
});

describe("docs/DEPLOY.md", () => {
  it("marks every shell block as offline (run here) or online (needs an account)", () => {
    const shell = fences.filter((f) => /^(sh|bash|shell)\b/.test(f.info));
    expect(shell.length).toBeGreaterThan(5);
    for (const fence of shell) expect(["sh offline", "sh online"]).toContain(fence.info);
    expect(offline.length).toBeGreaterThanOrEqual(5);
  });

  it("runs every offline command: checks, secrets, the login role, templates, the first admin", async () => {
    const out = mkdtempSync(join(DATA_DIR, "deploy-doc-"));
    const adminPassword = `admin-${crypto.randomUUID()}`;
    // What the guide's first block exports, with this test's stand-ins as the project.
    const env = {
      ...process.env,
      SUPABASE_URL: auth.url,
      SUPABASE_SERVICE_ROLE_KEY: auth.serviceRoleKey,
      SUPABASE_DB_URL: hosted.ownerUrl,
      ADMIN_EMAIL: "first-admin@example.test",
      WORKSPACE_NAME: "Deployed",
      BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
      WRANGLER_SEND_METRICS: "false",
    };
    const script = [
      "set -euo pipefail",
      ...offline,
      // Hand the generated secrets to the assertions below.
      `printf '%s' "$CONNECTORS_API_PASSWORD" > ${JSON.stringify(join(out, "pw"))}`,
      `printf '%s' "$CREDENTIALS_KEYS" > ${JSON.stringify(join(out, "keys"))}`,
    ].join("\n");
    try {
      let output = "";
      try {
        const result = await promisify(execFile)("bash", ["-c", script], {
          cwd: ROOT,
          env,
          encoding: "utf8",
          timeout: 400_000,
          maxBuffer: 64 * 1024 * 1024,
        });
        output = `${result.stdout}${result.stderr}`;
      } catch (error) {
        const failed = error as { stdout?: string; stderr?: string };
        throw new Error(`an offline block failed:\n${failed.stdout ?? ""}${failed.stderr ?? ""}`);
      }
      const password = readFileSync(join(out, "pw"), "utf8");
      const keys = readFileSync(join(out, "keys"), "utf8");
      expect(password.length).toBeGreaterThanOrEqual(32);
      expect(parseKeyring(keys).currentVersion).toBe(1);
      expect(output).not.toContain(password);
      expect(output).not.toContain(keys);
      expect(output).not.toContain(adminPassword);

      // The login role now works with the password the guide generated.
      const api = postgres(
        `postgresql://connectors_api:${encodeURIComponent(password)}@127.0.0.1:${hosted.port}/postgres`,
        { max: 1, onnotice: () => {} },
      );
      try {
        const [who] = await api<{ user: string }[]>`select current_user as user`;
        expect(who?.user).toBe("connectors_api");
      } finally {
        await api.end();
      }

      const [templates] = await owner<{ n: number }[]>`
        select count(*)::int as n from connectors.connector_templates where is_official`;
      expect(templates?.n).toBeGreaterThan(0);
      const [admin] = await owner<{ role: string; workspace: string }[]>`
        select a.role, w.name as workspace from connectors.saas_admin_users a
        join auth.users u on u.id = a.user_id
        join connectors.workspace_members m on m.user_id = u.id and m.role = 'owner'
        join connectors.workspaces w on w.id = m.workspace_id
        where u.email = 'first-admin@example.test'`;
      expect(admin).toEqual({ role: "super_admin", workspace: "Deployed" });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 420_000);
});
