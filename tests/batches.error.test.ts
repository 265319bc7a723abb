// Batches refused (README "Batches"): every item is checked first, a bad one is named
// `items[i]…` and nothing is created; sizes outside 1–1000, bodies over 256 KiB, a disabled
// connector and a reused Idempotency-Key with other items.
import { describe, expect, it } from "vitest";
import { envelope } from "./harness/app.ts";
import {
  arrangeBatchConnector,
  items,
  suiteTarget,
  inlineClient,
  rowCounts,
} from "./harness/batch-target.ts";
import { adminSql } from "./harness/fixtures.ts";

const target = suiteTarget();
const client = () => inlineClient(target());

type ErrorBody = { error: { code: string; details?: { path: string; message: string }[] } };

describe("POST …/batches: every item is checked before anything is written", () => {
  it("names each bad item (input schema, input shape, unknown contact) and creates nothing", async () => {
    const c = client();
    const { team, batchesUrl } = await arrangeBatchConnector(c, target().host);
    const res = await c.json<ErrorBody>(batchesUrl, {
      method: "POST",
      token: team.member.token,
      body: {
        items: [
          ...items(3),
          { input: { item: 42 } },
          { input: {} },
          { input: { item: "ok" }, contactId: "c0000000-0000-4000-8000-0000000000ff" },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject(envelope("invalid_request"));
    const paths = (res.body.error.details ?? []).map((d) => d.path);
    expect(paths.some((p) => p.startsWith("items[3].input"))).toBe(true);
    expect(paths.some((p) => p.startsWith("items[4].input"))).toBe(true);
    expect(paths).toContain("items[5].contactId");
    expect(paths.every((p) => /^items\[[345]\]/.test(p))).toBe(true);
    expect(await rowCounts(team.workspaceId)).toEqual({ batches: 0, executions: 0 });
  });

  it("names a malformed item by index (zod), e.g. an unknown field or a bad contact id", async () => {
    const c = client();
    const { team, batchesUrl } = await arrangeBatchConnector(c, target().host);
    const res = await c.json<ErrorBody>(batchesUrl, {
      method: "POST",
      token: team.member.token,
      body: { items: [...items(2), { input: { item: "x" }, contactId: "nope" }, { inputs: {} }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    const paths = (res.body.error.details ?? []).map((d) => d.path);
    expect(paths).toContain("items[2].contactId");
    expect(paths.some((p) => p.startsWith("items[3]"))).toBe(true);
    expect(await rowCounts(team.workspaceId)).toEqual({ batches: 0, executions: 0 });
  });

  it("accepts 1000 items and refuses 1001 or none with 400", async () => {
    const c = client();
    const { team, batchesUrl } = await arrangeBatchConnector(c, target().host);
    for (const n of [0, 1001]) {
      const res = await c.json<ErrorBody>(batchesUrl, {
        method: "POST",
        token: team.member.token,
        body: { items: items(n) },
      });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
      expect(res.body.error.details?.[0]?.path).toBe("items");
    }
    expect(await rowCounts(team.workspaceId)).toEqual({ batches: 0, executions: 0 });
    const ok = await c.json<{ total: number }>(batchesUrl, {
      method: "POST",
      token: team.member.token,
      body: { items: items(1000) },
    });
    expect(ok.status, JSON.stringify(ok.body).slice(0, 300)).toBe(202);
    expect(ok.body.total).toBe(1000);
    expect(await rowCounts(team.workspaceId)).toEqual({ batches: 1, executions: 1000 });
    // Left to the lanes; cancel so this suite's target is not kept busy.
    await adminSql()`update connectors.connector_executions set status = 'cancelled'
      where workspace_id = ${team.workspaceId} and status = 'queued'`;
    await c.settle();
  }, 120_000);

  it("refuses a missing body, a body that is not JSON, and extra fields with 400", async () => {
    const c = client();
    const { team, batchesUrl } = await arrangeBatchConnector(c, target().host);
    for (const body of [undefined, "{not json", { items: items(1), extra: true }, { items: {} }]) {
      const res = await c.json(batchesUrl, {
        method: "POST",
        token: team.member.token,
        ...(body === undefined ? {} : { body }),
        headers: { "content-type": "application/json" },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    }
  });

  it("refuses hostile items (input nested past 64 levels, a non-object input) and creates nothing", async () => {
    const c = client();
    const { team, batchesUrl } = await arrangeBatchConnector(c, target().host);
    let deep: unknown = "x";
    for (let i = 0; i < 70; i++) deep = { d: deep };
    const bodies = [
      { items: [{ input: { item: "a", deep } }] },
      { items: [{ input: ["not", "an", "object"] }] },
      { items: [{ input: null }] },
    ];
    for (const body of bodies) {
      const res = await c.json(batchesUrl, { method: "POST", token: team.member.token, body });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    }
    expect(await rowCounts(team.workspaceId)).toEqual({ batches: 0, executions: 0 });
  });

  it("refuses a body over 256 KiB with 413 and creates nothing", async () => {
    const c = client();
    const { team, batchesUrl } = await arrangeBatchConnector(c, target().host);
    const big = Array.from({ length: 300 }, (_, i) => ({
      input: { item: `${i}`, pad: "x".repeat(1000) },
    }));
    const res = await c.json(batchesUrl, {
      method: "POST",
      token: team.member.token,
      body: { items: big },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(413);
    expect(res.body).toMatchObject(envelope("payload_too_large"));
    expect(await rowCounts(team.workspaceId)).toEqual({ batches: 0, executions: 0 });
  });

  it("refuses a batch of a disabled connector with 409", async () => {
    const c = client();
    const { team, connectorId, batchesUrl } = await arrangeBatchConnector(c, target().host);
    await adminSql()`update connectors.connectors set status = 'disabled' where id = ${connectorId}`;
    const res = await c.json(batchesUrl, {
      method: "POST",
      token: team.member.token,
      body: { items: items(2) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body).toMatchObject(envelope("conflict"));
    expect(await rowCounts(team.workspaceId)).toEqual({ batches: 0, executions: 0 });
  });

  it("refuses a reused Idempotency-Key with other items with 409 and starts nothing", async () => {
    const c = client();
    const { team, batchesUrl } = await arrangeBatchConnector(c, target().host);
    const send = (body: unknown) =>
      c.json(batchesUrl, {
        method: "POST",
        token: team.member.token,
        headers: { "idempotency-key": "same-key" },
        body,
      });
    expect((await send({ items: items(2, "a") })).status).toBe(202);
    const other = await send({ items: items(2, "b") });
    expect(other.status, JSON.stringify(other.body)).toBe(409);
    expect(other.body).toMatchObject(envelope("conflict"));
    expect(await rowCounts(team.workspaceId)).toEqual({ batches: 1, executions: 2 });
    await c.settle();
  });

  it("answers 404 for an unknown connector or a malformed id", async () => {
    const c = client();
    const { team } = await arrangeBatchConnector(c, target().host);
    for (const id of ["5b0f8a4e-6c1d-4f6e-9a57-0e9d6f1b2c3d", "not-a-uuid"]) {
      const res = await c.json(`/v1/workspaces/${team.workspaceId}/connectors/${id}/batches`, {
        method: "POST",
        token: team.member.token,
        body: { items: items(1) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });
});

describe("GET and cancel of a batch that is not there", () => {
  it("answer 404 for an unknown or malformed batch id", async () => {
    const c = client();
    const { team } = await arrangeBatchConnector(c, target().host);
    for (const id of ["b7e4c2a1-9d3f-4e5a-8b6c-1d2e3f4a5b6c", "x"]) {
      const read = await c.json(`/v1/workspaces/${team.workspaceId}/batches/${id}`, {
        token: team.member.token,
      });
      expect(read.status).toBe(404);
      expect(read.body).toMatchObject(envelope("not_found"));
      const cancel = await c.json(`/v1/workspaces/${team.workspaceId}/batches/${id}/cancel`, {
        method: "POST",
        token: team.member.token,
      });
      expect(cancel.status).toBe(404);
    }
  });
});
