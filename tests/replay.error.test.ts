// Replays refused: a deleted or disabled connector (409), an input the current schema no longer
// accepts (409, while a snapshot replay still runs), a bad `definition` value (400), a reused
// Idempotency-Key (409), an unknown or malformed id (404).
import { describe, expect, it } from "vitest";
import { envelope } from "./harness/app.ts";
import { suiteTarget, inlineClient, replaysOf } from "./harness/batch-target.ts";
import { adminSql } from "./harness/fixtures.ts";
import { arrangeReplay } from "./harness/replay.ts";

const target = suiteTarget();
const client = () => inlineClient(target());

describe("POST …/executions/:id/replay refused", () => {
  it("is 409 for a disabled connector, in both modes, and starts nothing", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    await adminSql()`update connectors.connectors set status = 'disabled' where id = ${r.connectorId}`;
    for (const query of ["", "?definition=snapshot"]) {
      const res = await c.json(r.replayUrl(query), { method: "POST", token: r.team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body).toMatchObject(envelope("conflict"));
    }
    expect(await replaysOf(r.originalId)).toBe(0);
  });

  it("is 409 once the connector was deleted, in both modes", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    const del = await c.json(`/v1/workspaces/${r.team.workspaceId}/connectors/${r.connectorId}`, {
      method: "DELETE",
      token: r.team.owner.token,
    });
    expect(del.status).toBe(204);
    for (const query of ["", "?definition=snapshot"]) {
      const res = await c.json(r.replayUrl(query), { method: "POST", token: r.team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(409);
    }
    expect(await replaysOf(r.originalId)).toBe(0);
  });

  it("is 409 naming the problem when the current schema refuses the original input; a snapshot replay still runs", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    await r.editDefinition("v2", {
      type: "object",
      required: ["item", "score"],
      properties: { item: { type: "string" }, score: { type: "number" } },
    });
    const res = await c.json<{ error: { details: { path: string }[] } }>(r.replayUrl(), {
      method: "POST",
      token: r.team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body).toMatchObject(envelope("conflict"));
    expect(res.body.error.details.length).toBeGreaterThan(0);
    const snapshot = await c.json(r.replayUrl("?definition=snapshot"), {
      method: "POST",
      token: r.team.member.token,
    });
    expect(snapshot.status, JSON.stringify(snapshot.body)).toBe(202);
    await c.settle();
  });

  it("is 400 for an unknown definition mode", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    for (const query of ["?definition=mine", "?definition=%7B%22steps%22%3A%5B%5D%7D"]) {
      const res = await c.json(r.replayUrl(query), { method: "POST", token: r.team.member.token });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    }
    expect(await replaysOf(r.originalId)).toBe(0);
  });

  it("is 409 for an Idempotency-Key used by another request", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    const start = await c.json(
      `/v1/workspaces/${r.team.workspaceId}/connectors/${r.connectorId}/executions`,
      {
        method: "POST",
        token: r.team.member.token,
        headers: { "idempotency-key": "k-1" },
        body: { input: { item: "other" } },
      },
    );
    expect(start.status).toBe(202);
    const res = await c.json(r.replayUrl(), {
      method: "POST",
      token: r.team.member.token,
      headers: { "idempotency-key": "k-1" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(await replaysOf(r.originalId)).toBe(0);
    await c.settle();
  });

  it("is 404 for an unknown or malformed execution id", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    for (const id of ["0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f", "nope"]) {
      const res = await c.json(r.replayUrl("", id), { method: "POST", token: r.team.member.token });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });
});
