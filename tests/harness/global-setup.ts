import type { TestProject } from "vitest/node";
import { buildAssets } from "../../scripts/build-assets.ts";
import { type Cluster, stopCluster } from "../../scripts/lib/pg.ts";
import { startTestDatabase } from "./database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    superuserUrl: string;
    authenticatorUrl: string;
  }
}

/**
 * `npm test` starts the database once and passes its URLs in the environment; a bare
 * `npx vitest` starts (and afterwards stops) a fresh one itself.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  buildAssets();
  const given = process.env.TEST_SUPERUSER_URL;
  const givenAuthenticator = process.env.TEST_AUTHENTICATOR_URL;
  let started: Cluster | undefined;
  if (given && givenAuthenticator) {
    project.provide("superuserUrl", given);
    project.provide("authenticatorUrl", givenAuthenticator);
  } else {
    started = await startTestDatabase(() => {});
    project.provide("superuserUrl", started.superuserUrl);
    project.provide("authenticatorUrl", started.authenticatorUrl);
  }
  return () => {
    if (started) stopCluster(started);
  };
}
