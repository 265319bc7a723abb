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

/**
 * `npm test` starts the database once and passes its URLs in the environment; a bare
 * `npx vitest` starts (and afterwards stops) a fresh one itself.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  buildAssets();
  const given = process.env.TEST_SUPERUSER_URL;
  const givenApiLogin = process.env.TEST_API_LOGIN_URL;
  let started: Cluster | undefined;
  if (given && givenApiLogin) {
    project.provide("superuserUrl", given);
    project.provide("apiLoginUrl", givenApiLogin);
  } else {
    started = await startTestDatabase(() => {});
    project.provide("superuserUrl", started.superuserUrl);
    project.provide("apiLoginUrl", started.apiLoginUrl);
  }
  return () => {
    if (started) stopCluster(started);
  };
}
