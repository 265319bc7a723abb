// `npm run bootstrap:project -- --email <admin email> --workspace "<name>"`: the first saas
// admin (super_admin) and their workspace on a real Supabase project. Reads SUPABASE_URL,
// SUPABASE_SERVICE_ROLE_KEY, DATABASE_URL and BOOTSTRAP_ADMIN_PASSWORD from the environment
// (secrets never go on the command line, where shell history keeps them). See docs/DEPLOY.md.
import { parseArgs } from "node:util";
import { bootstrapProject } from "./lib/bootstrap-project.ts";

const USAGE =
  "usage: SUPABASE_URL=… SUPABASE_SERVICE_ROLE_KEY=… DATABASE_URL=… BOOTSTRAP_ADMIN_PASSWORD=… \\\n" +
  '  npm run bootstrap:project -- --email admin@example.com --workspace "Acme"';

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    workspace: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

const env = process.env;
const missing = [
  ...(values.email ? [] : ["--email"]),
  ...(values.workspace ? [] : ["--workspace"]),
  ...[
    "SUPABASE_URL",
    "SUPABASE_SERVICE_ROLE_KEY",
    "DATABASE_URL",
    "BOOTSTRAP_ADMIN_PASSWORD",
  ].filter((name) => !env[name]),
];
if (values.help || missing.length > 0) {
  if (!values.help) console.error(`missing: ${missing.join(", ")}`);
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

try {
  const result = await bootstrapProject({
    supabaseUrl: env.SUPABASE_URL ?? "",
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY ?? "",
    databaseUrl: env.DATABASE_URL ?? "",
    email: values.email ?? "",
    password: env.BOOTSTRAP_ADMIN_PASSWORD ?? "",
    workspaceName: values.workspace ?? "",
  });
  console.log(
    `saas admin ${values.email}: user ${result.userId} (${result.userCreated ? "created" : "existed"}), ` +
      `super_admin; workspace "${values.workspace}": ${result.workspaceId} ` +
      `(${result.workspaceCreated ? "created" : "existed"}), owner`,
  );
} catch (error) {
  // Messages name what failed (Auth API, database), never the key or a password.
  console.error(`bootstrap failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
