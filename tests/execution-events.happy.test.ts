import { describe, expect, it } from "vitest";
import { readEvents, type StreamEvent } from "./harness/event-stream.ts";
import { waitForStatus } from "./harness/executions.ts";
import { arrangeHeldConnector } from "./harness/held-target.ts";
import { liveStatusRig } from "./harness/live-status.ts";

const TOKEN = "tok_live_stream_9c8b7a6f5e4d3c2b1a";
const rig = liveStatusRig({ pollMinMs: 20, pollMaxMs: 100 });
const { open, start } = { open: rig.open, start: rig.start };

type Summary = { id: string; status: string; stepResults: unknown[]; definition?: unknown };

const summary = (e: StreamEvent | null) => JSON.parse(e?.data ?? "null") as Summary;
const stepId = (e: StreamEvent | null) => (JSON.parse(e?.data ?? "null") as { id: string }).id;

describe("GET …/executions/:id/events", () => {
  it("streams a running execution: its summary, each step as it finishes, then the end", async () => {
    const { team, connectorId, hold } = await arrangeHeldConnector(rig.client, rig.target, TOKEN);
    const id = await start(team.workspaceId, connectorId, team.member.token);
    await hold.arrived(1);
    const res = await open(
      `/v1/workspaces/${team.workspaceId}/executions/${id}/events`,
      team.member.token,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const events = readEvents(res);

    const first = await events.next();
    expect(first?.event).toBe("execution");
    expect(first?.id).toBe("0-1");
    expect(summary(first)).toMatchObject({ id, status: "running", stepResults: [] });
    expect(summary(first)).not.toHaveProperty("definition");

    // Each step event arrives while the run is still in flight (the next step is held).
    for (const n of [1, 2, 3]) {
      hold.release(n);
      const step = await events.next();
      expect(step?.event).toBe("step");
      expect(step?.id).toBe(`${n}-1`);
      expect(stepId(step)).toBe(`s${n}`);
    }
    const last = await events.next();
    expect(last?.event).toBe("execution");
    expect(last?.id).toBe("3-3");
    expect(summary(last)).toMatchObject({ id, status: "succeeded" });
    expect(await events.next()).toBeNull();
    expect(events.text()).not.toContain(TOKEN);
  });

  it("an already finished execution streams its summary, then its steps, and ends", async () => {
    const { team, connectorId, hold } = await arrangeHeldConnector(
      rig.client,
      rig.target,
      TOKEN,
      2,
    );
    hold.release(1);
    hold.release(2);
    const id = await start(team.workspaceId, connectorId, team.member.token);
    await waitForStatus(id, ["succeeded"]);
    const res = await open(
      `/v1/workspaces/${team.workspaceId}/executions/${id}/events`,
      team.owner.token,
    );
    const events = await readEvents(res).rest();
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ["execution", "0-3"],
      ["step", "1-3"],
      ["step", "2-3"],
    ]);
    expect(summary(events[0] ?? null).status).toBe("succeeded");
  });

  it("Last-Event-ID resumes with exactly the events not yet seen", async () => {
    const { team, connectorId, hold } = await arrangeHeldConnector(rig.client, rig.target, TOKEN);
    const id = await start(team.workspaceId, connectorId, team.member.token);
    await hold.arrived(1);
    const path = `/v1/workspaces/${team.workspaceId}/executions/${id}/events`;
    const live = readEvents(await open(path, team.member.token));
    expect((await live.next())?.id).toBe("0-1");
    hold.release(1);
    const seen = await live.next();
    expect(seen?.id).toBe("1-1");
    await live.cancel();

    hold.release(2);
    hold.release(3);
    await waitForStatus(id, ["succeeded"]);
    const resumed = await readEvents(await open(path, team.member.token, seen?.id)).rest();
    expect(resumed.map((e) => [e.event, e.id])).toEqual([
      ["step", "2-1"],
      ["step", "3-1"],
      ["execution", "3-3"],
    ]);
    expect(resumed.map((e) => (e.event === "step" ? stepId(e) : summary(e).status))).toEqual([
      "s2",
      "s3",
      "succeeded",
    ]);
    // A client that has everything gets nothing more.
    expect(await readEvents(await open(path, team.member.token, "3-3")).rest()).toEqual([]);
  });
});
