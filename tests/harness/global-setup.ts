import type { TestProject } from "vitest/node";
import { buildAssets } from "../../scripts/build-assets.ts";
import { type Cluster, stopCluster } from "../../scripts/lib/pg.ts";
import { startTestDatabase } from "./database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    superuserUrl: string;
    apiLoginUrl: string;
  }
}

interface Database {
  superuserUrl: string;
  apiLoginUrl: string;
  /** The cluster this vitest process started (none when `npm test` passed one in). */
  started?: Cluster;
}

interface Shared {
  database: Promise<Database>;
  /** Projects whose teardown has not run yet; the last one stops the cluster. */
  users: number;
}

// Each project with this global setup runs it (api and serial); they share one database. The
// state lives on globalThis because each project may load this module afresh.
const KEY = Symbol.for("connectors.test-database");
const holder = globalThis as { [KEY]?: Shared };

/**
 * `npm test` starts the database once and passes its URLs in the environment; a bare
 * `npx vitest` starts (and afterwards stops) a fresh one itself.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (!holder[KEY]) {
    buildAssets();
    holder[KEY] = { database: database(), users: 0 };
  }
  const shared = holder[KEY];
  shared.users += 1;
  const { superuserUrl, apiLoginUrl, started } = await shared.database;
  project.provide("superuserUrl", superuserUrl);
  project.provide("apiLoginUrl", apiLoginUrl);
  return () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete holder[KEY];
    if (started) stopCluster(started);
  };
}

async function database(): Promise<Database> {
  const superuserUrl = process.env.TEST_SUPERUSER_URL;
  const apiLoginUrl = process.env.TEST_API_LOGIN_URL;
  if (superuserUrl && apiLoginUrl) return { superuserUrl, apiLoginUrl };
  const started = await startTestDatabase(() => {});
  return { superuserUrl: started.superuserUrl, apiLoginUrl: started.apiLoginUrl, started };
}
