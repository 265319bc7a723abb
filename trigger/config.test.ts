import { describe, expect, it } from "vitest";
import { concurrencyPerWorkspace, parseTaskConfig } from "./config.ts";

const KEY = "1:ZGV2LW9ubHktY3JlZGVudGlhbHMta2V5LTMyYnl0ZXM=";

describe("task configuration", () => {
  it("parses the Trigger.dev environment once into a keyring, an outbound policy and limits", () => {
    const config = parseTaskConfig({
      DATABASE_URL: "postgresql://postgres:x@db.example:5432/postgres",
      CREDENTIALS_KEYS: KEY,
      OUTBOUND_ALLOW_HOSTS: "127.0.0.1:8788",
      STALE_CLAIM_SECONDS: "120",
    });
    expect(config.staleClaimSeconds).toBe(120);
    expect(config.keyring.currentVersion).toBe(1);
    expect(config.policy.allow).toEqual([{ host: "127.0.0.1", port: 8788 }]);
  });

  it("names missing variables, never their values", () => {
    expect(() => parseTaskConfig({ CREDENTIALS_KEYS: KEY })).toThrow(/DATABASE_URL/);
    try {
      parseTaskConfig({ DATABASE_URL: "postgresql://u:topsecret@h/db" });
    } catch (error) {
      expect(String(error)).not.toContain("topsecret");
    }
  });

  it("reads the per-workspace concurrency, defaulting to 10", () => {
    expect(concurrencyPerWorkspace({})).toBe(10);
    expect(concurrencyPerWorkspace({ EXECUTION_CONCURRENCY_PER_WORKSPACE: "4" })).toBe(4);
    expect(concurrencyPerWorkspace({ EXECUTION_CONCURRENCY_PER_WORKSPACE: "nope" })).toBe(10);
  });
});
