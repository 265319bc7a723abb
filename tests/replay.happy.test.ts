// Replay (README "Replay"): a new execution with the original's input and contact, `trigger`
// replay and `replayOf` the original; by default the connector's current definition, with
// `?definition=snapshot` the original's snapshot; an Idempotency-Key answers the first replay.
import { describe, expect, it } from "vitest";
import { suiteTarget, inlineClient } from "./harness/batch-target.ts";
import { arrangeReplay, type ReplayBody } from "./harness/replay.ts";
import { waitForStatus } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";

const target = suiteTarget();
const client = () => inlineClient(target());

describe("POST /v1/workspaces/:ws/executions/:id/replay", () => {
  it("runs the original's input and contact with the connector's current definition", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    await r.editDefinition("v2");
    const res = await c.json<ReplayBody>(r.replayUrl(), {
      method: "POST",
      token: r.team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({
      trigger: "replay",
      replayOf: r.originalId,
      input: { item: "orig" },
      contactId: r.contactId,
      createdBy: r.team.member.id,
      connectorId: r.connectorId,
    });
    expect(res.body.id).not.toBe(r.originalId);
    expect(res.body).not.toHaveProperty("definition");
    await c.settle();
    await waitForStatus(res.body.id, ["succeeded"]);
    const read = await c.json<ReplayBody & { definition: { steps: { id: string }[] } }>(
      `/v1/workspaces/${r.team.workspaceId}/executions/${res.body.id}`,
      { token: r.team.member.token },
    );
    expect(read.body.definition.steps[0]?.id).toBe("v2");
  });

  it("with ?definition=snapshot runs the definition the original ran", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    await r.editDefinition("v2");
    const res = await c.json<ReplayBody>(r.replayUrl("?definition=snapshot"), {
      method: "POST",
      token: r.team.member.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ trigger: "replay", replayOf: r.originalId });
    await c.settle();
    await waitForStatus(res.body.id, ["succeeded"]);
    const [row] = await adminSql()<{ step: string; createdBy: string }[]>`
      select definition -> 'steps' -> 0 ->> 'id' as step, created_by as "createdBy"
      from connectors.connector_executions where id = ${res.body.id}`;
    expect(row).toEqual({ step: "v1", createdBy: r.team.member.id });
  });

  it("the same Idempotency-Key answers the first replay and starts nothing", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    const send = () =>
      c.json<ReplayBody>(r.replayUrl(), {
        method: "POST",
        token: r.team.member.token,
        headers: { "idempotency-key": "replay-1" },
      });
    const first = await send();
    expect(first.status).toBe(202);
    const again = await send();
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const [row] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions where replay_of = ${r.originalId}`;
    expect(row?.n).toBe(1);
    await c.settle();
  });

  it("a replay may itself be replayed, and the audit log records each start", async () => {
    const c = client();
    const r = await arrangeReplay(c, target().host);
    const first = await c.json<ReplayBody>(r.replayUrl(), {
      method: "POST",
      token: r.team.member.token,
    });
    const second = await c.json<ReplayBody>(
      `/v1/workspaces/${r.team.workspaceId}/executions/${first.body.id}/replay?definition=snapshot`,
      { method: "POST", token: r.team.member.token },
    );
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    expect(second.body.replayOf).toBe(first.body.id);
    await c.settle();
    const [audit] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.audit_log
      where action = 'execution.start' and actor_id = ${r.team.member.id}
        and target_id in (${first.body.id}, ${second.body.id})`;
    expect(audit?.n).toBe(2);
  });
});
