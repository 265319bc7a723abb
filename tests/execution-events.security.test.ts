import { describe, expect, it } from "vitest";
import { envelope } from "./harness/app.ts";
import { readEvents } from "./harness/event-stream.ts";
import { waitForStatus } from "./harness/executions.ts";
import { adminSql } from "./harness/fixtures.ts";
import { arrangeHeldConnector } from "./harness/held-target.ts";
import { liveStatusRig } from "./harness/live-status.ts";

const TOKEN = "tok_live_stream_sec_7f6e5d4c3b2a19";
const rig = liveStatusRig({ pollMinMs: 20, pollMaxMs: 50 });

async function finishedExecution() {
  const { team, connectorId, hold } = await arrangeHeldConnector(rig.client, rig.target, TOKEN, 2);
  hold.release(1);
  hold.release(2);
  const id = await rig.start(team.workspaceId, connectorId, team.member.token);
  await waitForStatus(id, ["succeeded"]);
  return { team, id };
}

describe("GET …/executions/:id/events, who may watch", () => {
  it("without a token is 401 unauthorized, as JSON", async () => {
    const { team, id } = await finishedExecution();
    const res = await rig.client.json(`/v1/workspaces/${team.workspaceId}/executions/${id}/events`);
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    expect(res.body).toMatchObject(envelope("unauthorized"));
  });

  it("a member of another workspace gets 404, as JSON, before any stream", async () => {
    const { team, id } = await finishedExecution();
    const res = await rig.client.json(
      `/v1/workspaces/${team.workspaceId}/executions/${id}/events`,
      {
        token: team.outsider.token,
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toMatchObject(envelope("not_found"));
  });

  it("another workspace's execution id under one's own workspace is 404", async () => {
    const { team, id } = await finishedExecution();
    const res = await rig.client.json(
      `/v1/workspaces/${team.otherWorkspaceId}/executions/${id}/events`,
      { token: team.outsider.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject(envelope("not_found"));
  });

  it("a credential echoed back by the vendor never appears in the stream", async () => {
    const { team, id } = await finishedExecution();
    const res = await rig.open(
      `/v1/workspaces/${team.workspaceId}/executions/${id}/events`,
      team.member.token,
    );
    const reader = readEvents(res);
    const events = await reader.rest();
    expect(events.filter((e) => e.event === "step")).toHaveLength(2);
    // The vendor did echo it (the stored trace shows where it was redacted)…
    expect(reader.text()).toContain("[REDACTED]");
    // …and the value itself is nowhere.
    expect(reader.text()).not.toContain(TOKEN);
  });

  it("a member removed from the workspace mid-stream stops getting events", async () => {
    const { team, connectorId, hold } = await arrangeHeldConnector(
      rig.client,
      rig.target,
      TOKEN,
      1,
    );
    const id = await rig.start(team.workspaceId, connectorId, team.member.token);
    await hold.arrived(1);
    const res = await rig.open(
      `/v1/workspaces/${team.workspaceId}/executions/${id}/events`,
      team.member.token,
    );
    const events = readEvents(res);
    expect((await events.next())?.event).toBe("execution");
    await adminSql()`
      delete from connectors.workspace_members
      where workspace_id = ${team.workspaceId} and user_id = ${team.member.id}`;
    hold.release(1);
    // The stream ends without the step or the terminal status.
    expect(await events.rest()).toEqual([]);
  });
});
