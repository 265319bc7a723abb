import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { envelope, testClient } from "./harness/app.ts";
import { addMember, createUser, createWorkspace } from "./harness/fixtures.ts";
import { awayFromWindowEdge } from "./harness/rate-window.ts";

describe("error envelope", () => {
  it("answers an unknown route with 404 not_found", async () => {
    const user = await createUser("routes");
    const res = await testClient().json("/v1/nope", { token: user.token });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
    const outside = await testClient().json("/nope");
    expect(outside.status).toBe(404);
    expect(outside.body).toMatchObject(envelope("not_found"));
  });

  it("answers an unknown /v1 route without a token with 401, revealing nothing", async () => {
    const res = await testClient().json("/v1/nope");
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject(envelope("unauthorized"));
  });

  it("refuses a preflight from an origin that is not listed", async () => {
    const res = await testClient().json("/v1/me", {
      method: "OPTIONS",
      headers: { origin: "http://evil.test", "access-control-request-method": "GET" },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject(envelope("forbidden"));
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers a body over 256 KiB with 413 before anything else", async () => {
    const res = await testClient().json("/v1/me", {
      method: "POST",
      body: JSON.stringify({ blob: "x".repeat(300 * 1024) }),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject(envelope("payload_too_large"));
  });

  it("answers 413 for an oversized body sent without a content length", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 5) controller.close();
        else {
          sent += 1;
          controller.enqueue(chunk);
        }
      },
    });
    const res = await testClient().request("/v1/openapi.json", {
      method: "POST",
      body: stream,
      // @ts-expect-error Node's fetch needs duplex for streamed bodies
      duplex: "half",
    });
    expect([404, 413]).toContain(res.status);
  });
});

describe("configuration", () => {
  it("answers every request 500 with a clear message when configuration is invalid", async () => {
    const res = await testClient({ SUPABASE_URL: "not a url" }).json<{
      error: { details: { problems: string[] } };
    }>("/health");
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject(envelope("internal_error"));
    expect(res.body.error.details.problems.join(" ")).toContain("SUPABASE_URL");
  });

  const productionSecrets = {
    SUPABASE_JWT_SECRET: "a-production-secret-that-is-not-published-anywhere",
    CREDENTIALS_KEYS: "1:cHJvZHVjdGlvbi1rZXktMzItYnl0ZXMtbG9uZy4uLi4=",
  };

  it("refuses the published dev JWT secret and credentials key in production", async () => {
    const res = await testClient({ ENVIRONMENT: "production", ALLOW_INLINE_RUNNER: "true" }).json<{
      error: { details: { problems: string[] } };
    }>("/health");
    expect(res.status).toBe(500);
    const problems = res.body.error.details.problems.join(" ");
    expect(problems).toContain("SUPABASE_JWT_SECRET");
    expect(problems).toContain("CREDENTIALS_KEYS");
    expect(JSON.stringify(res.body)).not.toContain("super-secret");
  });

  it("refuses the inline runner in production unless explicitly allowed", async () => {
    const refused = await testClient({
      ENVIRONMENT: "production",
      RUNNER: "inline",
      ...productionSecrets,
    }).json<{
      error: { details: { problems: string[] } };
    }>("/health");
    expect(refused.status).toBe(500);
    expect(refused.body.error.details.problems.join(" ")).toContain("RUNNER");
    const allowed = await testClient({
      ENVIRONMENT: "production",
      RUNNER: "inline",
      ALLOW_INLINE_RUNNER: "true",
      ...productionSecrets,
    }).json("/health");
    expect(allowed.status).toBe(200);
  });

  it("refuses RUNNER=trigger without a Trigger.dev secret key", async () => {
    const res = await testClient({ RUNNER: "trigger" }).json("/health");
    expect(res.status).toBe(500);
  });

  it("never echoes a secret variable's value in a configuration error", async () => {
    const res = await testClient({ SUPABASE_JWT_SECRET: "short-secret" }).request("/health");
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("short-secret");
  });
});

describe("rate limits", () => {
  it("limits one user with 429 and Retry-After while another user is served", async () => {
    await awayFromWindowEdge();
    const client = testClient({ RATE_LIMIT_USER_PER_MINUTE: "3" });
    const [busy, calm] = await Promise.all([createUser("busy"), createUser("calm")]);
    for (let i = 0; i < 3; i++) {
      expect((await client.json("/v1/me", { token: busy.token })).status).toBe(200);
    }
    const limited = await client.json("/v1/me", { token: busy.token });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject(envelope("rate_limited"));
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await client.json("/v1/me", { token: calm.token })).status).toBe(200);
  }, 60_000);

  it("limits one workspace while another workspace is served", async () => {
    await awayFromWindowEdge();
    const client = testClient({ RATE_LIMIT_WORKSPACE_PER_MINUTE: "2" });
    const [user, busyWs, calmWs] = await Promise.all([
      createUser("ws-limit"),
      createWorkspace("Busy"),
      createWorkspace("Calm"),
    ]);
    await addMember(busyWs, user.id, "member");
    await addMember(calmWs, user.id, "member");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await client.json(`/v1/workspaces/${busyWs}/connectors`, { token: user.token })).status,
      );
    }
    expect(statuses[2]).toBe(429);
    const calm = await client.json(`/v1/workspaces/${calmWs}/connectors`, { token: user.token });
    expect(calm.status).not.toBe(429);
  }, 60_000);
});

describe("logs", () => {
  let lines: string[] = [];
  beforeEach(() => {
    lines = [];
    for (const method of ["log", "warn", "error", "info"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("writes one structured JSON line per request without the token", async () => {
    const user = await createUser("logs");
    await testClient().json("/v1/me", { token: user.token });
    const requestLines = lines.filter((line) => line.includes('"message":"request"'));
    expect(requestLines).toHaveLength(1);
    const entry = JSON.parse(requestLines[0] ?? "{}");
    expect(entry).toMatchObject({ level: "info", method: "GET", path: "/v1/me", status: 200 });
    expect(entry.userId).toBe(user.id);
    expect(lines.join("\n")).not.toContain(user.token);
    expect(lines.join("\n")).not.toContain(user.token.split(".")[2] ?? "");
  });
});
