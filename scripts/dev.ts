// `npm run dev`: the whole product on this machine, with the embedded local defaults.
// PostgreSQL on 127.0.0.1:54322 (data kept in .data/ until `npm run db:reset`), migrations and
// seed, the demo target on :8788, `wrangler dev` on :8787, the cron sweeper fired every minute,
// and dev tokens with curl lines, ending on the console's URL and a sign-in. Ctrl-C stops everything it started.
import { type ChildProcess, spawn } from "node:child_process";
import type { Server } from "node:http";
import { join } from "node:path";
import { buildAssets } from "./build-assets.ts";
import {
  DEMO_CONNECTOR_ID,
  DEMO_PAGINATED_CONNECTOR_ID,
  DEMO_TEMPLATE_ID,
  DEMO_CONTACTS,
  DEMO_USERS,
  DEMO_WORKSPACE_ID,
} from "./lib/demo-data.ts";
import { type AuthStandIn, startAuthStandIn } from "./lib/auth-standin.ts";
import { consoleClosingLines, consoleSignInLines, devStandInUsers } from "./lib/dev-console.ts";
import { demoOAuthLines } from "./lib/dev-oauth.ts";
import { demoWebhookLines } from "./lib/dev-webhook.ts";
import { createDemoTarget } from "./lib/demo-target.ts";
import { workerVariables, wranglerDevArgs, writeVarsFile } from "./lib/dev-vars.ts";
import {
  API_URL,
  DEMO_TARGET_PORT,
  DEV_DB_PORT,
  JWT_SECRET,
  SUPABASE_URL,
} from "./lib/local-defaults.ts";
import { DATA_DIR, ROOT } from "./lib/paths.ts";
import { PORTS } from "./lib/ports.ts";
import {
  type Cluster,
  ensurePostgresInstalled,
  migrate,
  seedSql,
  startCluster,
  stopCluster,
} from "./lib/pg.ts";
import { mintToken } from "./lib/tokens.ts";
import { seedDemo } from "./seed.ts";

const say = (message: string) => console.log(`› ${message}`);
const children: ChildProcess[] = [];
let demoTarget: Server | undefined;
let authStandIn: AuthStandIn | undefined;
let cluster: Cluster | undefined;
let stopping = false;

function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  for (const child of children) child.kill("SIGTERM");
  demoTarget?.close();
  authStandIn?.close();
  if (cluster) stopCluster(cluster);
  setTimeout(() => process.exit(code), 300).unref();
}

async function waitForHealth(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${API_URL}/health`);
      if (res.status === 200) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function main(): Promise<void> {
  process.on("SIGINT", () => shutdown(0));
  process.on("SIGTERM", () => shutdown(0));

  ensurePostgresInstalled(say);
  cluster = await startCluster({ name: "pg-dev", port: DEV_DB_PORT, say });
  say(`PostgreSQL on 127.0.0.1:${DEV_DB_PORT}`);
  migrate(cluster, say);
  seedSql(cluster);
  const vars = workerVariables(process.env);
  await seedDemo(cluster.superuserUrl, vars.CREDENTIALS_KEYS);
  say("database migrated and seeded");
  buildAssets();

  demoTarget = createDemoTarget();
  await new Promise<void>((resolve, reject) => {
    demoTarget?.once("error", reject);
    demoTarget?.listen(DEMO_TARGET_PORT, "127.0.0.1", resolve);
  });
  say(`demo target on http://127.0.0.1:${DEMO_TARGET_PORT}`);

  // The console signs in here unless SUPABASE_URL points at a real Supabase project.
  if (!process.env.SUPABASE_URL) {
    authStandIn = await startAuthStandIn({
      port: PORTS.devAuth,
      users: devStandInUsers(),
    });
    say(`Supabase Auth stand-in on ${authStandIn.url}`);
  }

  const varsFile = join(DATA_DIR, "dev.vars");
  writeVarsFile(varsFile, vars);

  const wrangler = spawn(
    "wrangler",
    wranglerDevArgs({ port: 8787, varsFile, persistTo: join(DATA_DIR, "wrangler") }),
    {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: cluster.apiLoginUrl,
        WRANGLER_SEND_METRICS: "false",
        // No network here: use the placeholder `request.cf` instead of fetching it.
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
      },
    },
  );
  children.push(wrangler);
  wrangler.on("exit", (code) => {
    if (!stopping) {
      console.error(`wrangler exited (${code}); stopping.`);
      shutdown(code ?? 1);
    }
  });

  if (!(await waitForHealth(90_000))) {
    console.error("the worker did not become healthy in 90 s");
    shutdown(1);
    return;
  }

  // Local wrangler runs no crons: fire the sweeper every minute, as production's cron would.
  setInterval(() => {
    fetch(`${API_URL}/__scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {});
  }, 60_000);

  const secret = process.env.SUPABASE_JWT_SECRET || JWT_SECRET;
  const supabaseUrl = process.env.SUPABASE_URL || SUPABASE_URL;
  const tokens: Record<string, string> = {};
  for (const [name, user] of Object.entries(DEMO_USERS)) {
    tokens[name] = await mintToken(user, { secret, supabaseUrl });
  }
  const ws = DEMO_WORKSPACE_ID;
  const contact = DEMO_CONTACTS[0].id;
  const auth = '-H "Authorization: Bearer $OWNER_TOKEN"';
  console.log(`
Connectors is running.
  Console     ${API_URL}/console/
  API         ${API_URL}        docs: ${API_URL}/docs
  PostgreSQL  postgresql://postgres:postgres@127.0.0.1:${DEV_DB_PORT}/postgres
  Demo target http://127.0.0.1:${DEMO_TARGET_PORT}
  Runner      ${vars.RUNNER}

${consoleSignInLines(authStandIn?.url)}Dev tokens (valid 12 h; \`npm run token -- owner|member|admin\` mints more):
  export OWNER_TOKEN=${tokens.owner}
  export MEMBER_TOKEN=${tokens.member}
  export ADMIN_TOKEN=${tokens.admin}

Try (paste after the exports above):
  curl -s ${API_URL}/v1/me ${auth}
  curl -s ${API_URL}/v1/workspaces/${ws}/connectors ${auth}
  # run the demo connector for a seeded contact, then read the execution and the contact
  EXEC_ID=$(curl -s -X POST ${API_URL}/v1/workspaces/${ws}/connectors/${DEMO_CONNECTOR_ID}/executions ${auth} \\
    -H 'content-type: application/json' \\
    -d '{"input":{"email":"ada@lovelace.test","score":42},"contactId":"${contact}"}' \\
    | sed -E 's/^[{]"id":"([^"]+)".*/\\1/'); echo "$EXEC_ID"
  curl -s ${API_URL}/v1/workspaces/${ws}/executions/$EXEC_ID ${auth}
  curl -s ${API_URL}/v1/workspaces/${ws}/contacts/${contact} ${auth}
  curl -s "${API_URL}/v1/templates?featured=true" ${auth}
  # install the demo template (it binds to the seeded example_token), then dry-run the new connector
  INSTALLED_ID=$(curl -s -X POST ${API_URL}/v1/workspaces/${ws}/templates/${DEMO_TEMPLATE_ID}/install ${auth} \\
    | sed -E 's/^[{]"id":"([^"]+)".*/\\1/'); echo "$INSTALLED_ID"
  curl -s -X POST ${API_URL}/v1/workspaces/${ws}/connectors/$INSTALLED_ID/test ${auth} \\
    -H 'content-type: application/json' -d '{"input":{"email":"grace@hopper.test"}}'
  # a paginated connector: a dry run lists all 57 people of the demo target, page by page
  curl -s -X POST ${API_URL}/v1/workspaces/${ws}/connectors/${DEMO_PAGINATED_CONNECTOR_ID}/test ${auth} \\
    -H 'content-type: application/json' -d '{"input":{}}'

${demoWebhookLines(API_URL)}

${demoOAuthLines(API_URL, ws, `http://127.0.0.1:${DEMO_TARGET_PORT}`)}

${consoleClosingLines(API_URL, Boolean(authStandIn))}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  shutdown(1);
});
