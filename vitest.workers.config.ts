import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import {
  DEV_CREDENTIALS_KEYS,
  JWT_SECRET,
  SUPABASE_URL,
  apiLoginUrl,
  superuserUrl,
} from "./scripts/lib/local-defaults.ts";
import { TEST_DB_PORT } from "./tests/harness/database.ts";

// Suites that run inside the Workers runtime (workerd), with the real wrangler.toml bindings:
// Hyperdrive pointed at the test PostgreSQL, the rate-limiter Durable Object, static assets.
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          ENVIRONMENT: "test",
          SUPABASE_URL,
          SUPABASE_JWT_SECRET: JWT_SECRET,
          CREDENTIALS_KEYS: DEV_CREDENTIALS_KEYS,
          RUNNER: "inline",
          CORS_ORIGINS: "http://dashboard.test",
          RATE_LIMIT_USER_PER_MINUTE: "25",
          OUTBOUND_ALLOW_HOSTS: inject("workersTargetHost"),
          TEST_TARGET_HOST: inject("workersTargetHost"),
          TEST_SUPERUSER_URL: superuserUrl(TEST_DB_PORT),
        },
        hyperdrives: { HYPERDRIVE: apiLoginUrl(TEST_DB_PORT) },
      },
    })),
  ],
  test: {
    name: "workers",
    silent: "passed-only",
    include: [
      "tests/workers/**/*.test.ts",
      // The engine's pure parts run here too, so runtime-specific breakage shows.
      "engine/{interpolate,jsonpath,jsonpath-eval,bounds,schema-budget,outbound,hosts,redact,spellings,request,crypto,definition,fuzz}.test.ts",
    ],
    globalSetup: ["tests/harness/global-setup.ts", "tests/harness/workers-target-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    onUnhandledError(error) {
      // postgres.js closes its socket after sql.end(); workerd reports that as unhandled.
      const message = String((error as { message?: unknown })?.message ?? error);
      if (/Stream was cancelled|This socket has been closed/.test(message)) return false;
    },
  },
});
