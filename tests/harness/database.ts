// The test cluster: a fresh PostgreSQL of its own (port 24329 — scripts/lib/ports.ts — data in .data/pg-test), with the
// compatibility layer and every migration applied. Started once per `npm test` (or per vitest
// run when vitest is called directly) and stopped at the end.
import {
  ensurePostgresInstalled,
  migrate,
  startCluster,
  type Cluster,
} from "../../scripts/lib/pg.ts";
import { PORTS } from "../../scripts/lib/ports.ts";

// `TEST_DB_PORT` moves it, so two checkouts on one machine can test side by side.
export const TEST_DB_PORT = Number(process.env.TEST_DB_PORT ?? PORTS.testDatabase);

export async function startTestDatabase(say: (message: string) => void): Promise<Cluster> {
  ensurePostgresInstalled(say);
  const cluster = await startCluster({
    name: "pg-test",
    port: TEST_DB_PORT,
    fresh: true,
    fast: true,
    say,
  });
  migrate(cluster, () => {});
  return cluster;
}
