// `npm run token -- <user>`: mints a fresh 12-hour dev token for a seeded user (owner, member,
// admin), an email, or any user id.
import { UUID } from "../worker/lib/ids.ts";
import { DEMO_USERS, type DemoUserName } from "./lib/demo-data.ts";
import { JWT_SECRET, SUPABASE_URL } from "./lib/local-defaults.ts";
import { mintToken } from "./lib/tokens.ts";

const who = process.argv[2] ?? "owner";
const named = DEMO_USERS[who as DemoUserName] as { id: string; email: string } | undefined;
const byEmail = Object.values(DEMO_USERS).find((user) => user.email === who);
const user =
  named ?? byEmail ?? (UUID.test(who) ? { id: who.toLowerCase(), email: `${who}@local` } : null);
if (!user) {
  console.error(
    `unknown user "${who}": use one of ${Object.keys(DEMO_USERS).join(", ")}, an email or a UUID`,
  );
  process.exit(2);
}
const token = await mintToken(user, {
  secret: process.env.SUPABASE_JWT_SECRET || JWT_SECRET,
  supabaseUrl: process.env.SUPABASE_URL || SUPABASE_URL,
});
console.log(token);
