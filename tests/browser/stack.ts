// The whole product for the browser tests, as `npm run dev` runs it but on the suites' own ports:
// a fresh PostgreSQL (migrated, seeded with the demo workspace), the demo target, the Supabase
// Auth stand-in and a real `wrangler dev` (workerd) serving the built console.
import type { Server } from "node:http";
import { join } from "node:path";
import { buildAssets } from "../../scripts/build-assets.ts";
import { type AuthStandIn, startAuthStandIn } from "../../scripts/lib/auth-standin.ts";
import { DEMO_USERS } from "../../scripts/lib/demo-data.ts";
import { createDemoTarget } from "../../scripts/lib/demo-target.ts";
import { DEV_CREDENTIALS_KEYS, DEV_USER_PASSWORDS } from "../../scripts/lib/local-defaults.ts";
import { DATA_DIR } from "../../scripts/lib/paths.ts";
import { type Cluster, migrate, seedSql, startCluster, stopCluster } from "../../scripts/lib/pg.ts";
import { PORTS } from "../../scripts/lib/ports.ts";
import { type WorkerProcess, startWorker } from "../../scripts/lib/wrangler-dev.ts";
import { seedDemo } from "../../scripts/seed.ts";

export interface BrowserStack {
  apiUrl: string;
  authUrl: string;
  targetUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startBrowserStack(say: (message: string) => void): Promise<BrowserStack> {
  let cluster: Cluster | undefined;
  let target: Server | undefined;
  let auth: AuthStandIn | undefined;
  let worker: WorkerProcess | undefined;
  const stop = async () => {
    await worker?.stop();
    await auth?.close();
    await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
    if (cluster) stopCluster(cluster);
  };
  try {
    buildAssets();
    cluster = await startCluster({
      name: "pg-browser",
      port: PORTS.browserDatabase,
      fresh: true,
      fast: true,
      say,
    });
    migrate(cluster, () => {});
    seedSql(cluster);
    const targetHost = `127.0.0.1:${PORTS.browserTarget}`;
    await seedDemo(cluster.superuserUrl, DEV_CREDENTIALS_KEYS, targetHost);
    const server = createDemoTarget();
    target = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(PORTS.browserTarget, "127.0.0.1", resolve);
    });
    auth = await startAuthStandIn({
      port: PORTS.browserAuth,
      // Short-lived access tokens: the suites also prove that supabase-js refreshes the session.
      accessTtlSeconds: Number(process.env.BROWSER_ACCESS_TTL_SECONDS ?? 3600),
      users: Object.entries(DEMO_USERS).map(([name, user]) => ({
        id: user.id,
        email: user.email,
        password: DEV_USER_PASSWORDS[name as keyof typeof DEV_USER_PASSWORDS],
      })),
    });
    worker = await startWorker({
      port: PORTS.browserApi,
      connectionString: cluster.apiLoginUrl,
      dir: join(DATA_DIR, "browser-worker"),
      vars: {
        SUPABASE_URL: auth.url,
        OUTBOUND_ALLOW_HOSTS: targetHost,
        RUNNER: "inline",
        CORS_ORIGINS: "",
      },
    });
    return {
      apiUrl: worker.url,
      authUrl: auth.url,
      targetUrl: `http://${targetHost}`,
      databaseUrl: cluster.superuserUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
