import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTaskConfig, taskConcurrency, taskDatabase } from "./config.ts";

const KEY = "1:ZGV2LW9ubHktY3JlZGVudGlhbHMta2V5LTMyYnl0ZXM=";
const POOLER =
  "postgresql://connectors_api.abcdefgh:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres";

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

  it("refuses a stale window not longer than 3 heartbeats at start-up", () => {
    const env = {
      DATABASE_URL: "postgresql://postgres:x@127.0.0.1:5432/postgres",
      CREDENTIALS_KEYS: KEY,
    };
    expect(parseTaskConfig(env).heartbeatSeconds).toBe(15);
    expect(() =>
      parseTaskConfig({ ...env, STALE_CLAIM_SECONDS: "30", EXECUTION_HEARTBEAT_SECONDS: "10" }),
    ).toThrow(/STALE_CLAIM_SECONDS \(must be longer than 3 × EXECUTION_HEARTBEAT_SECONDS/);
    const fits = parseTaskConfig({
      ...env,
      STALE_CLAIM_SECONDS: "31",
      EXECUTION_HEARTBEAT_SECONDS: "10",
    });
    expect([fits.staleClaimSeconds, fits.heartbeatSeconds]).toEqual([31, 10]);
  });

  it("names missing variables, never their values", () => {
    expect(() => parseTaskConfig({ CREDENTIALS_KEYS: KEY })).toThrow(/DATABASE_URL/);
    for (const url of [
      "postgresql://u:topsecret@h/db?sslmode=disable",
      "postgresql://u:topsecret@h:notaport/db",
      "mysql://u:topsecret@h/db",
    ]) {
      let message = "";
      try {
        parseTaskConfig({ DATABASE_URL: url, CREDENTIALS_KEYS: KEY });
      } catch (error) {
        message = String(error);
      }
      expect(message).toMatch(/DATABASE_URL/);
      expect(message).not.toContain("topsecret");
    }
  });
});

describe("the task's database connection", () => {
  const remoteHost = fc.oneof(
    fc.domain().filter((host) => host !== "localhost"),
    fc.ipV4().filter((ip) => !ip.startsWith("127.")),
  );
  const mode = fc.constantFrom(undefined, "require", "verify-ca", "verify-full", "REQUIRE");

  it("uses TLS to every host but loopback, and prepared statements never (the pooler)", () => {
    fc.assert(
      fc.property(remoteHost, mode, (host, sslmode) => {
        const query = sslmode ? `?sslmode=${sslmode}` : "";
        const db = taskDatabase(`postgresql://connectors_api:pw@${host}:6543/postgres${query}`);
        expect(db.ssl).not.toBe(false);
        expect(db.prepare).toBe(false);
      }),
    );
  });

  it("refuses a remote URL that lets TLS be skipped", () => {
    fc.assert(
      fc.property(remoteHost, fc.constantFrom("disable", "allow", "prefer", "Disable"), (h, m) => {
        expect(() => taskDatabase(`postgresql://u:pw@${h}/postgres?sslmode=${m}`)).toThrow(
          /DATABASE_URL \(sslmode=.* TLS is required\)/,
        );
      }),
    );
  });

  it("defaults the Supabase pooler URL to TLS and keeps verification when asked for", () => {
    expect(taskDatabase(POOLER)).toMatchObject({ ssl: "require", prepare: false });
    expect(taskDatabase(`${POOLER}?sslmode=verify-full`).ssl).toBe("verify-full");
    const ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    expect(taskDatabase(POOLER, ca).ssl).toEqual({ ca, rejectUnauthorized: true });
  });

  it("leaves a loopback database (dev and tests) as its URL says", () => {
    expect(taskDatabase("postgresql://u:pw@127.0.0.1:54322/postgres").ssl).toBe(false);
    expect(taskDatabase("postgresql://u:pw@localhost/postgres?sslmode=disable").ssl).toBe(false);
    expect(taskDatabase("postgresql://u:pw@[::1]/postgres?sslmode=require").ssl).toBe("require");
  });
});

describe("the task's concurrency", () => {
  it("defaults to 10 per workspace and 50 in total", () => {
    expect(taskConcurrency({})).toEqual({ perKey: 10, total: 50 });
    expect(
      taskConcurrency({
        EXECUTION_CONCURRENCY_PER_WORKSPACE: "4",
        EXECUTION_CONCURRENCY_TOTAL: "8",
      }),
    ).toEqual({ perKey: 4, total: 8 });
  });

  it("fails the deploy's indexing on a bad value rather than deploying another limit", () => {
    expect(() => taskConcurrency({ EXECUTION_CONCURRENCY_PER_WORKSPACE: "nope" })).toThrow(
      /EXECUTION_CONCURRENCY_PER_WORKSPACE/,
    );
    expect(() => taskConcurrency({ EXECUTION_CONCURRENCY_TOTAL: "0" })).toThrow(
      /EXECUTION_CONCURRENCY_TOTAL/,
    );
    expect(() =>
      taskConcurrency({
        EXECUTION_CONCURRENCY_PER_WORKSPACE: "20",
        EXECUTION_CONCURRENCY_TOTAL: "5",
      }),
    ).toThrow(/at least EXECUTION_CONCURRENCY_PER_WORKSPACE/);
  });
});
