import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signDelivery } from "../scripts/lib/webhook-signature.ts";
import { MemoryRateLimitStore } from "../worker/lib/rate-window.ts";
import { envelope, type TestClient } from "./harness/app.ts";
import { arrangeConnector, type Team } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";
import { awayFromWindowEdge } from "./harness/rate-window.ts";
import {
  type CreatedHook,
  closeHookSuite,
  createHook,
  deliver,
  openHookSuite,
} from "./harness/webhooks.ts";

const TOKEN = "tok_live_webhook_errors_5e6f7a8b";
const store = new MemoryRateLimitStore();
let suite: Awaited<ReturnType<typeof openHookSuite>>;
let client: TestClient;
let team: Team;
let connectorId: string;
let hook: CreatedHook;

beforeAll(async () => {
  suite = await openHookSuite(TOKEN, { rateLimitStore: () => store });
  ({ client, team, connectorId, hook } = suite);
});

afterAll(() => closeHookSuite(suite));

const hooksUrl = () => `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/webhooks`;
const now = () => Math.floor(Date.now() / 1000);

describe("creating webhooks with bad input", () => {
  it.each([
    ["a malformed contactIdPath", { contactIdPath: "$.contact[" }, "contactIdPath"],
    ["a contactIdPath that is not a JSONPath", { contactIdPath: "contact.id" }, "contactIdPath"],
    ["an over-long contactIdPath", { contactIdPath: `$.${"a".repeat(1100)}` }, "contactIdPath"],
    ["an over-long description", { description: "d".repeat(501) }, "description"],
    ["an unknown field", { secret: "mine" }, ""],
    ["a description that is not a string", { description: 42 }, "description"],
  ])("%s is a 400 naming the field", async (_label, body, path) => {
    const res = await client.json<{ error: { details: { path: string }[] } }>(hooksUrl(), {
      method: "POST",
      token: team.admin.token,
      body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
    expect(res.body.error.details.map((d) => d.path)).toContain(path);
  });

  it("a body that is not JSON is a 400", async () => {
    const res = await client.json(hooksUrl(), {
      method: "POST",
      token: team.admin.token,
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
  });

  it("a connector that does not exist, or an id that is not a UUID, is a 404", async () => {
    for (const id of [crypto.randomUUID(), "nope"]) {
      const res = await client.json(
        `/v1/workspaces/${team.workspaceId}/connectors/${id}/webhooks`,
        {
          method: "POST",
          token: team.admin.token,
          body: {},
        },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
      const listed = await client.json(
        `/v1/workspaces/${team.workspaceId}/connectors/${id}/webhooks`,
        {
          token: team.member.token,
        },
      );
      expect(listed.status, JSON.stringify(listed.body)).toBe(404);
    }
  });

  it("rotating or deleting a webhook that does not exist is a 404", async () => {
    for (const id of [crypto.randomUUID(), "nope"]) {
      const rotate = await client.json(`${hooksUrl()}/${id}/rotate`, {
        method: "POST",
        token: team.admin.token,
      });
      expect(rotate.status, JSON.stringify(rotate.body)).toBe(404);
      expect(rotate.body).toMatchObject(envelope("not_found"));
      const remove = await client.json(`${hooksUrl()}/${id}`, {
        method: "DELETE",
        token: team.admin.token,
      });
      expect(remove.status, JSON.stringify(remove.body)).toBe(404);
    }
  });

  it("a list limit out of range is a 400", async () => {
    const res = await client.json(`${hooksUrl()}?limit=101`, { token: team.member.token });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
  });
});

describe("deliveries the hook cannot take", () => {
  it("a body that misses the connector's input schema is a 400 with details", async () => {
    const res = await deliver(client, hook.id, JSON.stringify({ score: "high" }), {
      secret: hook.secret,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
    expect((res.body.error as { details?: unknown[] }).details?.length).toBeGreaterThan(0);
  });

  it.each([
    ["an array", "[1,2]"],
    ["a string", '"hello"'],
    ["null", "null"],
    ["not JSON", "{email: ada}"],
    ["empty", ""],
    ["nested deeper than 64 levels", `${"[".repeat(70)}${"]".repeat(70)}`],
    ["deep inside an object", `{"a":${"[".repeat(70)}${"]".repeat(70)}}`],
  ])("a signed body that is %s is a 400", async (_label, body) => {
    const res = await deliver(client, hook.id, body, { secret: hook.secret });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
  });

  it("a signed body that is not UTF-8 is a 400", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const res = await client.request(`/v1/hooks/${hook.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "connectors-signature": signDelivery(hook.secret, bytes),
      },
      body: bytes,
    });
    expect(res.status, await res.text()).toBe(400);
  });

  it("a body over 256 KiB is a 413, signed or not", async () => {
    const body = JSON.stringify({ email: "ada@lovelace.test", pad: "x".repeat(256 * 1024) });
    for (const signature of [{ secret: hook.secret }, null]) {
      const res = await deliver(client, hook.id, body, signature);
      expect(res.status, JSON.stringify(res.body).slice(0, 200)).toBe(413);
      expect(res.body).toMatchObject(envelope("payload_too_large"));
    }
  });

  it("a delivery to a disabled connector is a 409 and starts nothing", async () => {
    const other = await arrangeConnector(client, suite.target.host, TOKEN);
    const disabledHook = await createHook(client, {
      workspaceId: other.team.workspaceId,
      connectorId: other.connectorId,
      token: other.team.owner.token,
    });
    await adminSql()`update connectors.connectors set status = 'disabled' where id = ${other.connectorId}`;
    const res = await deliver(client, disabledHook.id, JSON.stringify({ email: "a@b.test" }), {
      secret: disabledHook.secret,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body).toMatchObject(envelope("conflict"));
    const [row] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions
      where connector_id = ${other.connectorId}`;
    expect(row?.n).toBe(0);
  });

  it("t more than 300 s away either way is the uniform 401; within 300 s it is accepted", async () => {
    const body = JSON.stringify({ email: "ada@lovelace.test" });
    // 330, not 301: on a slow machine seconds pass between signing and the check, and t+301
    // signed at second X is only 300 s ahead when checked at X+1.
    for (const t of [now() - 330, now() + 330, now() - 100_000, 0]) {
      const res = await deliver(client, hook.id, body, { secret: hook.secret, t });
      expect(res.status, `t=${t} ${JSON.stringify(res.body)}`).toBe(401);
      expect(res.body).toMatchObject(envelope("unauthorized"));
    }
    for (const t of [now() - 290, now() + 290]) {
      const res = await deliver(client, hook.id, body, { secret: hook.secret, t });
      expect(res.status, `t=${t} ${JSON.stringify(res.body)}`).toBe(202);
    }
  });
});

describe("the per-hook rate limit", () => {
  it("the 601st delivery in a minute is a 429 with Retry-After; forged deliveries spend nothing", async () => {
    await awayFromWindowEdge();
    const limited = await createHook(client, {
      workspaceId: team.workspaceId,
      connectorId,
      token: team.owner.token,
    });
    for (let i = 0; i < 599; i++) await store.hit(`hook:${limited.id}`, 600, 60_000);
    const body = JSON.stringify({ email: "ada@lovelace.test" });
    for (let i = 0; i < 5; i++) {
      const forged = await deliver(client, limited.id, body, { secret: "whsec_forged" });
      expect(forged.status).toBe(401);
    }
    const last = await deliver(client, limited.id, body, { secret: limited.secret });
    expect(last.status, JSON.stringify(last.body)).toBe(202);
    const refused = await deliver(client, limited.id, JSON.stringify({ email: "b@c.test" }), {
      secret: limited.secret,
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(429);
    expect(refused.body).toMatchObject(envelope("rate_limited"));
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another hook has a budget of its own.
    const fresh = await deliver(client, hook.id, body, { secret: hook.secret });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(202);
  });
});
