// `npm run psql:as -- <user>`: psql on the dev database as that user would be under the API —
// the API's login role (connectors_api), role `authenticated`, their JWT claims — so RLS decides what
// it shows. Users: owner, member, admin, an email of the seed, or a UUID.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { UUID } from "../worker/lib/ids.ts";
import { DEMO_USERS, type DemoUserName } from "./lib/demo-data.ts";
import { DEV_DB_PORT, apiLoginUrl } from "./lib/local-defaults.ts";
import { PG_BIN } from "./lib/pg.ts";

const [who = "member", ...psqlArgs] = process.argv.slice(2);
const named = DEMO_USERS[who as DemoUserName] as { id: string } | undefined;
const id =
  named?.id ??
  Object.values(DEMO_USERS).find((user) => user.email === who)?.id ??
  (UUID.test(who) ? who : null);
if (!id) {
  console.error(`unknown user "${who}"`);
  process.exit(2);
}
const claims = JSON.stringify({ sub: id, role: "authenticated" });
const result = spawnSync(
  join(PG_BIN, "psql"),
  ["-X", "-d", process.env.DATABASE_URL || apiLoginUrl(DEV_DB_PORT), ...psqlArgs],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      PGOPTIONS: `-c role=authenticated -c search_path=connectors,public -c request.jwt.claims=${claims}`,
    },
  },
);
process.exit(result.status ?? 1);
