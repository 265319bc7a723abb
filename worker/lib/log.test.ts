import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Bindings, parseConfig } from "../env.ts";
import { loadConfig } from "../middleware/config.ts";
import type { AppEnv } from "../types.ts";
import { log, setLogLevel } from "./log.ts";

const hyperdrive = { connectionString: "postgresql://nobody:x@127.0.0.1:9/none" } as Hyperdrive;
const base = {
  HYPERDRIVE: hyperdrive,
  ENVIRONMENT: "test",
  SUPABASE_URL: "https://abc.supabase.co",
};

/** What `log` wrote, by console method, while `fn` ran. */
async function written(
  fn: () => unknown,
): Promise<{ log: string[]; warn: string[]; error: string[] }> {
  const out = { log: [] as string[], warn: [] as string[], error: [] as string[] };
  const spies = (["log", "warn", "error"] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((line: unknown) => {
      out[method].push(JSON.parse(String(line)).message);
    }),
  );
  try {
    await fn();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return out;
}

afterEach(() => setLogLevel("info"));

describe("log levels (LOG_LEVEL)", () => {
  it("writes info and above by default, not debug", async () => {
    expect(
      await written(() => {
        log("debug", "d");
        log("info", "i");
        log("warn", "w");
        log("error", "e");
      }),
    ).toEqual({ log: ["i"], warn: ["w"], error: ["e"] });
  });

  it("at warn, makes no line below it", async () => {
    setLogLevel("warn");
    expect(
      await written(() => {
        log("debug", "d");
        log("info", "i");
        log("warn", "w");
        log("error", "e");
      }),
    ).toEqual({ log: [], warn: ["w"], error: ["e"] });
  });

  it("at debug, writes every line", async () => {
    setLogLevel("debug");
    expect((await written(() => log("debug", "d"))).log).toEqual(["d"]);
  });

  it("is read from LOG_LEVEL, info when unset, and refuses an unknown level", () => {
    const parse = (vars: Partial<Bindings>) => parseConfig({ ...base, ...vars } as Bindings);
    const unset = parse({});
    expect(unset.ok && unset.config.logLevel).toBe("info");
    const warn = parse({ LOG_LEVEL: "warn" });
    expect(warn.ok && warn.config.logLevel).toBe("warn");
    const bad = parse({ LOG_LEVEL: "verbose" });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join()).toMatch(/^LOG_LEVEL: /);
  });

  it("is applied by the configuration middleware, request by request", async () => {
    const app = new Hono<AppEnv>().use(loadConfig).get("/", (c) => {
      log("info", "handled");
      return c.text("ok");
    });
    const request = (vars: Partial<Bindings>) =>
      written(async () => {
        const res = await app.request("/", {}, { ...base, ...vars });
        expect(res.status).toBe(200);
      });
    expect((await request({ LOG_LEVEL: "warn" })).log).toEqual([]);
    expect((await request({})).log).toEqual(["handled"]);
  });
});
