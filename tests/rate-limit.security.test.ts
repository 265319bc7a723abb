// docs/SECURITY.md: a workspace's rate budget is charged only after the caller is proven a member,
// so outsiders, anonymous callers and requests for workspaces that do not exist never spend it, and
// a malformed workspace id never becomes a counter key.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Connector } from "../worker/db/connectors.ts";
import {
  MemoryRateLimitStore,
  type RateDecision,
  type RateLimitStore,
} from "../worker/lib/rate-window.ts";
import { envelope, testClient } from "./harness/app.ts";
import { simpleDefinition } from "./harness/definitions.ts";
import { createTeam } from "./harness/fixtures.ts";

/**
 * The in-memory store, recording every key it is asked about. Its window is a year, so no test
 * straddles a window boundary.
 */
class RecordingStore implements RateLimitStore {
  readonly keys: string[] = [];
  private readonly inner = new MemoryRateLimitStore();

  hit(key: string, limit: number): Promise<RateDecision> {
    this.keys.push(key);
    return this.inner.hit(key, limit, 365 * 24 * 3600_000);
  }

  workspaceKeys(): string[] {
    return this.keys.filter((key) => key.startsWith("workspace:"));
  }
}

function recordingClient(overrides: Parameters<typeof testClient>[0] = {}) {
  const store = new RecordingStore();
  const client = testClient(overrides, { rateLimitStore: () => store });
  return { store, client };
}

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let connectorId: string;

beforeAll(async () => {
  team = await createTeam();
  const res = await testClient().json<Connector>(`/v1/workspaces/${team.workspaceId}/connectors`, {
    method: "POST",
    token: team.owner.token,
    body: { name: "Budgeted", definition: simpleDefinition() },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  connectorId = res.body.id;
});

/** Every kind of request a caller can make against one workspace's routes. */
function attempts(ws: string, connector: string) {
  const base = `/v1/workspaces/${ws}`;
  return [
    { path: `${base}/connectors` },
    { path: `${base}/connectors?limit=0` },
    { path: `${base}/connectors/${connector}` },
    { path: `${base}/connectors/${connector}/executions` },
    { path: `${base}/credentials` },
    { path: `${base}/audit-log` },
    { path: `${base}/connectors`, method: "HEAD" },
    {
      path: `${base}/connectors`,
      method: "POST",
      body: { name: "Planted", definition: simpleDefinition() },
    },
    { path: `${base}/connectors`, method: "POST", body: { nonsense: true } },
    { path: `${base}/connectors/${connector}`, method: "PATCH", body: { name: "Hijacked" } },
    { path: `${base}/connectors/${connector}`, method: "DELETE" },
    { path: `${base}/connectors/${connector}/executions`, method: "POST", body: { input: {} } },
    { path: `${base}/connectors/${connector}/test`, method: "POST", body: { input: {} } },
    { path: `${base}/credentials/x`, method: "PUT", body: { value: "v", allowedHosts: ["a.b"] } },
  ] as { path: string; method?: string; body?: unknown }[];
}

describe("the workspace budget is charged only for proven members", () => {
  it("an outsider's reads and writes on another workspace never charge its budget", async () => {
    const { store, client } = recordingClient();
    for (const attempt of attempts(team.workspaceId, connectorId)) {
      const res = await client.json(attempt.path, { ...attempt, token: team.outsider.token });
      expect([400, 404], `${attempt.method ?? "GET"} ${attempt.path}`).toContain(res.status);
    }
    expect(store.workspaceKeys()).toEqual([]);
    // The outsider's own budget is theirs to spend.
    expect(store.keys.every((key) => key === `user:${team.outsider.id}`)).toBe(true);
  });

  it("anonymous callers and bad tokens never reach a workspace counter", async () => {
    const { store, client } = recordingClient();
    for (const attempt of attempts(team.workspaceId, connectorId)) {
      for (const headers of [{}, { authorization: "Bearer not-a-token" }] as Record<
        string,
        string
      >[]) {
        const res = await client.json(attempt.path, { ...attempt, headers });
        expect(res.status).toBe(401);
      }
    }
    expect(store.keys).toEqual([]);
  });

  it("a workspace that does not exist is never charged", async () => {
    const { store, client } = recordingClient();
    const missing = crypto.randomUUID();
    for (const attempt of attempts(missing, connectorId)) {
      const res = await client.json(attempt.path, { ...attempt, token: team.member.token });
      expect([400, 404]).toContain(res.status);
    }
    expect(store.workspaceKeys()).toEqual([]);
  });

  it("no workspace id other than a member's own becomes a counter key, whatever its spelling", async () => {
    const { store, client } = recordingClient();
    const victim = team.workspaceId;
    const spelling = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.uuid(),
      fc.constantFrom(
        victim.toUpperCase(),
        `${victim} `,
        `${victim}x`,
        `${victim}%00`,
        victim.replaceAll("-", ""),
        "..",
        "%2e%2e",
        "x".repeat(2000),
      ),
    );
    const method = fc.constantFrom("GET", "POST", "PATCH", "DELETE");
    await fc.assert(
      fc.asyncProperty(spelling, method, async (ws, verb) => {
        const before = store.workspaceKeys().length;
        const res = await client.request(
          `/v1/workspaces/${encodeURIComponent(ws)}/connectors/${connectorId}`,
          {
            method: verb,
            token: team.outsider.token,
            headers: { "content-type": "application/json" },
            ...(verb === "GET" || verb === "DELETE" ? {} : { body: "{}" }),
          },
        );
        await res.arrayBuffer();
        expect(res.status).not.toBe(429);
        expect(store.workspaceKeys().length).toBe(before);
      }),
      { numRuns: 60 },
    );
    expect(store.workspaceKeys()).toEqual([]);
  });

  it("an outsider's burst leaves a member's budget whole", async () => {
    const { client } = recordingClient({ RATE_LIMIT_WORKSPACE_PER_MINUTE: "3" });
    const list = `/v1/workspaces/${team.workspaceId}/connectors`;
    for (let i = 0; i < 10; i++) {
      expect((await client.json(list, { token: team.outsider.token })).status).toBe(404);
      const planted = await client.json(list, {
        method: "POST",
        token: team.outsider.token,
        body: { name: "Planted", definition: simpleDefinition() },
      });
      expect(planted.status).toBe(404);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await client.json(list, { token: team.member.token })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it("a member's read is charged once, even when it proves membership twice", async () => {
    const { store, client } = recordingClient({ RATE_LIMIT_WORKSPACE_PER_MINUTE: "2" });
    // The audit log checks the role and then reads: two transactions, each proving membership.
    const path = `/v1/workspaces/${team.workspaceId}/audit-log`;
    const first = await client.json(path, { token: team.owner.token });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(store.workspaceKeys()).toEqual([`workspace:${team.workspaceId}`]);
    expect((await client.json(path, { token: team.owner.token })).status).toBe(200);
    const refused = await client.json(path, { token: team.owner.token });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject(envelope("rate_limited"));
    expect(refused.body).toMatchObject({ error: { details: { scope: "workspace" } } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("a member's write over the budget is 429 before its body is looked at", async () => {
    const { client } = recordingClient({ RATE_LIMIT_WORKSPACE_PER_MINUTE: "1" });
    const list = `/v1/workspaces/${team.workspaceId}/connectors`;
    expect((await client.json(list, { token: team.member.token })).status).toBe(200);
    const refused = await client.json(list, {
      method: "POST",
      token: team.member.token,
      body: { nonsense: true },
    });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject(envelope("rate_limited"));
  });
});
