import { describe, expect, it } from "vitest";
import { JWT_SECRET, SUPABASE_URL } from "../../scripts/lib/local-defaults.ts";
import { createApp } from "../app.ts";
import { type Bindings, parseConfig } from "../env.ts";

// No query runs in these tests: the client is opened per request but never connects.
const env = (vars: Partial<Record<"ENVIRONMENT" | "BENCH_ROUTES", string>> = {}): Bindings => ({
  HYPERDRIVE: { connectionString: "postgresql://nobody:x@127.0.0.1:9/none" } as Hyperdrive,
  ENVIRONMENT: "test",
  SUPABASE_URL,
  SUPABASE_JWT_SECRET: JWT_SECRET,
  RUNNER: "inline",
  ...vars,
});

describe("benchmark routes", () => {
  it("are unknown (404) unless BENCH_ROUTES=true", async () => {
    const app = createApp();
    for (const path of ["/__bench/sql", "/__bench/workspaces/x/connectors"]) {
      const res = await app.request(path, {}, env());
      expect(res.status, await res.clone().text()).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("are refused in production", () => {
    const result = parseConfig(env({ ENVIRONMENT: "production", BENCH_ROUTES: "true" }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join("\n")).toContain("BENCH_ROUTES");
    expect(parseConfig(env({ BENCH_ROUTES: "true" }))).toMatchObject({
      ok: true,
      config: { benchRoutes: true },
    });
  });

  it("never appear in the OpenAPI document", async () => {
    const res = await createApp().request("/v1/openapi.json", {}, env({ BENCH_ROUTES: "true" }));
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("__bench");
  });

  it("without a bearer token answer 401 when enabled", async () => {
    const res = await createApp().request(
      "/__bench/workspaces/x/connectors",
      {},
      env({ BENCH_ROUTES: "true" }),
    );
    expect(res.status, await res.clone().text()).toBe(401);
  });
});
