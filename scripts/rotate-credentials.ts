// `npm run credentials:rotate`: re-encrypts every stored credential with the newest key in
// CREDENTIALS_KEYS (e.g. "1:<old>,2:<new>") and the current AAD format (run it once after
// upgrading from the legacy format, which did not bind hosts and placements), the sealed step
// values unfinished executions keep for resuming, and webhook signing secrets. Resumable.
// Connects with DATABASE_URL (a role that bypasses RLS: the database owner or service_role),
// default the local dev database.
import postgres from "postgres";
import { parseKeyring } from "../engine/crypto.ts";
import { DEV_CREDENTIALS_KEYS, DEV_DB_PORT, superuserUrl } from "./lib/local-defaults.ts";
import { rotateAll } from "./lib/rotate.ts";

const keyring = parseKeyring(process.env.CREDENTIALS_KEYS || DEV_CREDENTIALS_KEYS);
const sql = postgres(process.env.DATABASE_URL || superuserUrl(DEV_DB_PORT), {
  max: 1,
  onnotice: () => {},
});
try {
  const report = await rotateAll(sql, keyring);
  console.log(
    `rotated ${report.rotated} credential(s) to key version ${keyring.currentVersion} and the ` +
      `current format, the sealed step values of ${report.checkpoints} unfinished execution(s) ` +
      `and the signing secrets of ${report.webhooks} webhook(s); ` +
      `${report.skipped} changed meanwhile (run again), ${report.failed.length} failed`,
  );
  for (const failure of report.failed) {
    console.log(`  ${failure.workspaceId}/${failure.name}: ${failure.reason}`);
  }
  process.exitCode = report.failed.length > 0 ? 1 : 0;
} finally {
  await sql.end();
}
