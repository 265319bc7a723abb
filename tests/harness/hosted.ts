// A PostgreSQL cluster of its own (a free port), laid out like a hosted Supabase project by
// hosted-supabase.sql, with `postgres` (not a superuser) as the project's database owner.
import { createServer } from "node:net";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/paths.ts";
import { type Cluster, migrate, psql, startCluster, stopCluster } from "../../scripts/lib/pg.ts";

export interface HostedDatabase {
  cluster: Cluster;
  /** The project's `postgres` user, as Supabase's connection strings give it. */
  ownerUrl: string;
  port: number;
  /** `supabase db push`: every migration, as `postgres`. */
  push(): number;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startHostedDatabase(name: string): Promise<HostedDatabase> {
  const port = await freePort();
  const cluster = await startCluster({
    name,
    port,
    fresh: true,
    fast: true,
    superuser: "supabase_admin",
    say: () => {},
  });
  psql(cluster, [{ file: join(ROOT, "tests/harness/hosted-supabase.sql") }]);
  const ownerUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  return {
    cluster,
    ownerUrl,
    port,
    push: () => migrate(cluster, () => {}, { url: ownerUrl, local: false }),
    stop: () => stopCluster(cluster),
  };
}
