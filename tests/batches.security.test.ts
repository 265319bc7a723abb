// Batches are a workspace's own: outsiders and other workspaces' ids get 404, and nothing is
// created or cancelled for them.
import { describe, expect, it } from "vitest";
import { envelope } from "./harness/app.ts";
import {
  type BatchBody,
  arrangeBatchConnector,
  items,
  suiteTarget,
  inlineClient,
} from "./harness/batch-target.ts";
import { adminSql } from "./harness/fixtures.ts";

const target = suiteTarget();
const client = () => inlineClient(target());

async function twoTeamsWithBatches() {
  const c = client();
  const a = await arrangeBatchConnector(c, target().host);
  const b = await arrangeBatchConnector(c, target().host);
  const batchOf = async (side: typeof a) => {
    const res = await c.json<BatchBody>(side.batchesUrl, {
      method: "POST",
      token: side.team.member.token,
      body: { items: items(1) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body.id;
  };
  const [batchA, batchB] = [await batchOf(a), await batchOf(b)];
  await c.settle();
  return { c, a, b, batchA, batchB };
}

describe("batches across workspaces", () => {
  it("an outsider gets 404 for create, read and cancel, whatever the body", async () => {
    const { c, a, batchA } = await twoTeamsWithBatches();
    const outsider = a.team.outsider.token;
    const create = await c.json(a.batchesUrl, {
      method: "POST",
      token: outsider,
      body: { items: "not even items" },
    });
    expect(create.status).toBe(404);
    expect(create.body).toMatchObject(envelope("not_found"));
    const read = await c.json(a.batchUrl(batchA), { token: outsider });
    expect(read.status).toBe(404);
    const cancel = await c.json(`${a.batchUrl(batchA)}/cancel`, {
      method: "POST",
      token: outsider,
    });
    expect(cancel.status).toBe(404);
    const [row] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.execution_batches
      where workspace_id = ${a.team.workspaceId}`;
    expect(row?.n).toBe(1);
  });

  it("another workspace's batch id under your workspace is 404 and stays untouched", async () => {
    const { c, a, batchB } = await twoTeamsWithBatches();
    const read = await c.json(a.batchUrl(batchB), { token: a.team.owner.token });
    expect(read.status).toBe(404);
    expect(read.body).toMatchObject(envelope("not_found"));
    const cancel = await c.json(`${a.batchUrl(batchB)}/cancel`, {
      method: "POST",
      token: a.team.owner.token,
    });
    expect(cancel.status).toBe(404);
    const [row] = await adminSql()<{ cancelledAt: Date | null }[]>`
      select cancelled_at as "cancelledAt" from connectors.execution_batches where id = ${batchB}`;
    expect(row?.cancelledAt).toBeNull();
  });

  it("another workspace's connector under your workspace is 404 and starts nothing", async () => {
    const c = client();
    const a = await arrangeBatchConnector(c, target().host);
    const b = await arrangeBatchConnector(c, target().host);
    const res = await c.json(
      `/v1/workspaces/${a.team.workspaceId}/connectors/${b.connectorId}/batches`,
      { method: "POST", token: a.team.owner.token, body: { items: items(1) } },
    );
    expect(res.status).toBe(404);
    const [row] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.execution_batches
      where connector_id = ${b.connectorId}`;
    expect(row?.n).toBe(0);
  });

  it("a contact of another workspace is refused as an unknown contact", async () => {
    const c = client();
    const a = await arrangeBatchConnector(c, target().host);
    const b = await arrangeBatchConnector(c, target().host);
    const res = await c.json<{ error: { details: { path: string }[] } }>(a.batchesUrl, {
      method: "POST",
      token: a.team.member.token,
      body: { items: [{ input: { item: "x" }, contactId: b.contactId }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details.map((d) => d.path)).toEqual(["items[0].contactId"]);
  });

  it("the execution list's batchId filter shows nothing of another workspace's batch", async () => {
    const { c, a, batchB } = await twoTeamsWithBatches();
    const list = await c.json<{ data: unknown[] }>(
      `/v1/workspaces/${a.team.workspaceId}/connectors/${a.connectorId}/executions?batchId=${batchB}`,
      { token: a.team.member.token },
    );
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([]);
  });

  it("members, admins and owners may all start and cancel batches", async () => {
    const c = client();
    const a = await arrangeBatchConnector(c, target().host);
    for (const user of [a.team.member, a.team.admin, a.team.owner]) {
      const res = await c.json<BatchBody>(a.batchesUrl, {
        method: "POST",
        token: user.token,
        body: { items: items(1, user.id) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      const cancel = await c.json(`${a.batchUrl(res.body.id)}/cancel`, {
        method: "POST",
        token: user.token,
      });
      expect(cancel.status).toBe(200);
    }
    await c.settle();
  });
});
