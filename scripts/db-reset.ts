// `npm run db:reset`: throws away the dev database and builds it again (migrations + seed).
import { DEV_DB_PORT } from "./lib/local-defaults.ts";
import { ensurePostgresInstalled, migrate, seedSql, startCluster, stopCluster } from "./lib/pg.ts";
import { seedDemo } from "./seed.ts";

const say = (message: string) => console.log(`› ${message}`);
ensurePostgresInstalled(say);
const cluster = await startCluster({ name: "pg-dev", port: DEV_DB_PORT, fresh: true, say });
migrate(cluster, say);
seedSql(cluster);
await seedDemo(cluster.superuserUrl, process.env.CREDENTIALS_KEYS || undefined);
stopCluster(cluster);
say("dev database reset; `npm run dev` starts on it");
