// What `npm run dev` prints about the console: the seeded users the local Auth stand-in knows,
// near the top of the banner, and — as the very last lines, where a terminal leaves the eye —
// the console's URL with a sign-in that works. With SUPABASE_URL set (a real Supabase project)
// the stand-in does not run and the users are the project's own.
import type { StandInUser } from "./auth-standin.ts";
import { DEMO_USERS, type DemoUserName } from "./demo-data.ts";
import { DEV_USER_PASSWORDS } from "./local-defaults.ts";

const ROLES: Record<DemoUserName, string> = {
  owner: "workspace owner",
  member: "workspace member",
  admin: "saas admin",
};

/** The seeded users with their dev passwords: the stand-in's accounts in `npm run dev`. */
export function devStandInUsers(): StandInUser[] {
  return (Object.keys(DEMO_USERS) as DemoUserName[]).map((name) => ({
    id: DEMO_USERS[name].id,
    email: DEMO_USERS[name].email,
    password: DEV_USER_PASSWORDS[name],
  }));
}

/** The banner's sign-in block (empty without the stand-in). */
export function consoleSignInLines(authUrl: string | undefined): string {
  if (!authUrl) return "";
  const rows = (Object.keys(DEMO_USERS) as DemoUserName[]).map(
    (name) =>
      `  ${DEMO_USERS[name].email.padEnd(17)} ${DEV_USER_PASSWORDS[name].padEnd(20)} (${ROLES[name]})`,
  );
  return `Sign in to the console (local Supabase Auth stand-in on ${authUrl}):\n${rows.join("\n")}\n\n`;
}

/** The last lines `npm run dev` prints. */
export function consoleClosingLines(apiUrl: string, standIn: boolean): string {
  const open = `Open ${apiUrl}/console/ and sign in as`;
  if (!standIn) return `${open} a user of your Supabase project.\nCtrl-C stops everything.`;
  const { owner, member, admin } = DEV_USER_PASSWORDS;
  return [
    `${open} ${DEMO_USERS.owner.email} / ${owner}`,
    `  (or ${DEMO_USERS.member.email} / ${member}; saas admin: ${DEMO_USERS.admin.email} / ${admin})`,
    "Ctrl-C stops everything.",
  ].join("\n");
}
