// `npm run templates:load`: loads the official templates into a database, e.g. a real Supabase
// project's. Connect as the database owner (Supabase: the `postgres` user's connection string,
// Project Settings → Database) so RLS and the template guard do not apply:
//   DATABASE_URL=postgresql://postgres:…@db.<ref>.supabase.co:5432/postgres npm run templates:load
// Re-running is safe: see scripts/lib/official-templates.ts for what is inserted, updated or left.
import postgres from "postgres";
import { describeSummary, seedOfficialTemplates } from "./lib/official-templates.ts";

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) {
  console.error("usage: DATABASE_URL=<owner connection string> node scripts/load-templates.ts");
  process.exit(2);
}

const sql = postgres(url, { max: 1, onnotice: () => {} });
try {
  const summary = await seedOfficialTemplates(sql);
  for (const line of describeSummary(summary)) console.log(line);
  if (summary.conflicts.length > 0) process.exitCode = 1;
} catch (error) {
  console.error(
    `loading the official templates failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await sql.end();
}
