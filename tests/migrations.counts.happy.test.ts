// The migrations that make marketplace counts unbuyable keep existing data consistent: a
// database at the state before them, with inflated counters and self-ratings, comes out with
// install_count = distinct other workspaces (including installs only the audit log remembers)
// and without self-ratings. Runs on a scratch database of the test cluster.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { adminSql } from "./harness/fixtures.ts";

const ROOT = join(import.meta.dirname, "..");
const MIGRATIONS = join(ROOT, "supabase/migrations");
/** The first migration of the counting rules; everything before it is the "old" schema. */
const FIRST_NEW = "20261201002200";
const DATABASE = `migrations_${crypto.randomUUID().slice(0, 8)}`;

let scratch: postgres.Sql;

async function apply(sql: postgres.Sql, file: string) {
  await sql.begin((tx) => tx.unsafe(readFileSync(file, "utf8")).simple());
}

beforeAll(async () => {
  await adminSql().unsafe(`create database ${DATABASE}`);
  const url = new URL(inject("superuserUrl"));
  url.pathname = `/${DATABASE}`;
  scratch = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await scratch.unsafe(readFileSync(join(ROOT, "supabase/local/compat.sql"), "utf8")).simple();
  for (const file of readdirSync(MIGRATIONS).sort()) {
    if (file.endsWith(".sql") && file < FIRST_NEW) await apply(scratch, join(MIGRATIONS, file));
  }
});

afterAll(async () => {
  await scratch.end({ timeout: 5 });
  await adminSql().unsafe(`drop database if exists ${DATABASE}`);
});

describe("the marketplace counting migrations on existing data", () => {
  it("recount installs per distinct other workspace and drop self-ratings", async () => {
    const sql = scratch;
    const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const [author, rater] = [crypto.randomUUID(), crypto.randomUUID()];
    const template = crypto.randomUUID();
    await sql`insert into auth.users (id, email) values (${author}, 'author@x'), (${rater}, 'rater@x')`;
    await sql`insert into connectors.workspaces (id, name) values (${a}, 'A'), (${b}, 'B'), (${c}, 'C')`;
    await sql`insert into connectors.workspace_members (workspace_id, user_id, role)
              values (${a}, ${author}, 'owner'), (${b}, ${rater}, 'owner')`;
    await sql`insert into connectors.connector_templates
                (id, slug, name, definition, visibility, owner_workspace_id)
              values (${template}, 'counted', 'Counted', '{}', 'public', ${a})`;
    // The old trigger counts every install: A (the owner) 5 times, B 3 times.
    await sql`insert into connectors.connectors (workspace_id, name, definition, template_id)
              select ${a}, 'own', '{}', ${template} from generate_series(1, 5)`;
    await sql`insert into connectors.connectors (workspace_id, name, definition, template_id)
              select ${b}, 'theirs', '{}', ${template} from generate_series(1, 3)`;
    // C installed once and deleted the connector: only the audit log remembers.
    await sql`insert into connectors.audit_log (workspace_id, actor_id, action, target_type, target_id)
              values (${c}, null, 'template.install', 'template', ${template})`;
    await sql`insert into connectors.template_ratings (template_id, user_id, rating)
              values (${template}, ${author}, 5), (${template}, ${rater}, 3)`;
    const [before] = await sql<{ install_count: number }[]>`
      select install_count from connectors.connector_templates where id = ${template}`;
    expect(before?.install_count).toBe(8);

    for (const file of readdirSync(MIGRATIONS).sort()) {
      if (file.endsWith(".sql") && file >= FIRST_NEW) await apply(sql, join(MIGRATIONS, file));
    }

    const [after] = await sql<
      { install_count: number; rating_avg: string; rating_count: number }[]
    >`
      select install_count, rating_avg::text, rating_count
      from connectors.connector_templates where id = ${template}`;
    expect(after).toEqual({ install_count: 2, rating_avg: "3.00", rating_count: 1 });
    const installs = await sql<{ workspace_id: string }[]>`
      select workspace_id from connectors.template_installs where template_id = ${template}`;
    expect(new Set(installs.map((row) => row.workspace_id))).toEqual(new Set([a, b, c]));
  });
});
