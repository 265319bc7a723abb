// The console's route (worker/routes/console.ts) in Node, where the worker has no ASSETS binding
// (as a deployment without the console would): the app's paths answer the API's 404 envelope
// instead of throwing, while /console's redirect and /console/config.json need no assets.
// tests/browser/serving.spec.ts proves the served app itself under wrangler dev.
import { describe, expect, it } from "vitest";
import { envelope, testClient } from "./harness/app.ts";

const ANON_KEY = "anon-key-for-the-console-route-test";
const client = testClient({ SUPABASE_ANON_KEY: ANON_KEY });

describe("the console route without ASSETS", () => {
  it.each(["/console/", "/console/executions/abc", "/console/assets/index-abc.js"])(
    "%s answers a 404 envelope with the console's CSP",
    async (path) => {
      const res = await client.json(path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(res.headers.get("x-request-id")).toBeTruthy();
    },
  );

  it("redirects /console to /console/ (308: a method-preserving, permanent move)", async () => {
    const res = await client.request("/console");
    expect(res.status).toBe(308);
    expect(res.headers.get("location")).toBe("/console/");
  });

  it("gives the public Auth settings in config.json, never cached, and nothing else", async () => {
    const res = await client.json<Record<string, unknown>>("/console/config.json");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["supabaseAnonKey", "supabaseUrl"]);
    expect(res.body.supabaseAnonKey).toBe(ANON_KEY);
    expect(res.body.supabaseUrl).toMatch(/^https?:\/\//);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`connect-src 'self' ${new URL(String(res.body.supabaseUrl)).origin}`);
  });
});
