import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";
import { ROOT } from "../scripts/lib/paths.ts";
import { type Bindings, CONFIG_VARIABLES, SECRET_VARIABLES, parseConfig } from "./env.ts";

const hyperdrive = { connectionString: "postgresql://nobody:x@127.0.0.1:9/none" } as Hyperdrive;
const secrets = {
  SUPABASE_JWT_SECRET: "a-production-secret-of-at-least-32-characters",
  CREDENTIALS_KEYS: "1:cHJvZHVjdGlvbi1rZXktb2YtMzItYnl0ZXMtLS0tLS0=",
  TRIGGER_SECRET_KEY: "tr_prod_example",
};

function config(vars: Partial<Bindings>) {
  const result = parseConfig({ HYPERDRIVE: hyperdrive, ENVIRONMENT: "test", ...vars });
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}

describe("SUPABASE_JWKS_URL", () => {
  it("defaults to the project's Supabase Auth JWKS", () => {
    expect(config({ SUPABASE_URL: "https://abc.supabase.co/", ...secrets }).jwksUrl).toBe(
      "https://abc.supabase.co/auth/v1/.well-known/jwks.json",
    );
  });

  it("can be set to another URL", () => {
    const jwksUrl = "https://keys.example.com/jwks.json";
    expect(config({ SUPABASE_URL: "https://abc.supabase.co", SUPABASE_JWKS_URL: jwksUrl })).toEqual(
      expect.objectContaining({ jwksUrl, jwtSecret: undefined }),
    );
  });
});

describe("wrangler.toml", () => {
  const toml = unstable_readConfig({ config: join(ROOT, "wrangler.toml") });
  const vars = toml.vars as Record<string, string>;

  it("declares every non-secret variable, so a deploy keeps them", () => {
    const derived = ["SUPABASE_JWKS_URL"];
    const expected = CONFIG_VARIABLES.filter(
      (name) => !SECRET_VARIABLES.includes(name) && !derived.includes(name),
    );
    expect(Object.keys(vars).sort()).toEqual(expected.sort());
  });

  it("holds no secret", () => {
    for (const name of SECRET_VARIABLES) expect(vars).not.toHaveProperty(name);
  });

  it("refuses the SUPABASE_URL placeholder until it is replaced", () => {
    const placeholder = parseConfig({ HYPERDRIVE: hyperdrive, ...vars, ...secrets });
    expect(placeholder.ok).toBe(false);
    if (!placeholder.ok) expect(placeholder.problems.join("\n")).toMatch(/^SUPABASE_URL: /m);
    const deployed = config({ ...vars, ...secrets, SUPABASE_URL: "https://abc.supabase.co" });
    expect(deployed).toMatchObject({ environment: "production", runner: "trigger" });
    expect(deployed.jwtIssuer).toBe("https://abc.supabase.co/auth/v1");
  });

  it("serves the API somewhere after a deploy (workers.dev or a route)", () => {
    expect(toml.workers_dev === true || (toml.routes ?? []).length > 0).toBe(true);
  });
});

describe("the execution lease", () => {
  const base = { SUPABASE_URL: "https://abcdefgh.supabase.co", ...secrets };

  it("defaults to a 15 s heartbeat under a 360 s stale window", () => {
    const parsed = config(base);
    expect([parsed.heartbeatSeconds, parsed.staleClaimSeconds]).toEqual([15, 360]);
  });

  it("refuses a stale window not longer than 3 heartbeats, naming the variables", () => {
    for (const [stale, heartbeat] of [
      ["45", "15"],
      ["30", "15"],
      ["60", "60"],
    ]) {
      const result = parseConfig({
        HYPERDRIVE: hyperdrive,
        ENVIRONMENT: "test",
        ...base,
        STALE_CLAIM_SECONDS: stale,
        EXECUTION_HEARTBEAT_SECONDS: heartbeat,
      });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.problems.join("\n")).toMatch(
        /STALE_CLAIM_SECONDS: must be longer than 3 × EXECUTION_HEARTBEAT_SECONDS/,
      );
    }
    expect(config({ ...base, STALE_CLAIM_SECONDS: "46" }).staleClaimSeconds).toBe(46);
  });
});
