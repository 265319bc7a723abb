import { describe, expect, it } from "vitest";
import { envelope } from "./harness/app.ts";
import { readEvents } from "./harness/event-stream.ts";
import { arrangeHeldConnector } from "./harness/held-target.ts";
import { liveStatusRig } from "./harness/live-status.ts";

const TOKEN = "tok_live_stream_err_1a2b3c4d5e6f";
// Short heartbeat and time limit, so neither needs a real 15 s or 5 min wait.
const rig = liveStatusRig({ pollMinMs: 20, pollMaxMs: 50, heartbeatMs: 100, timeoutMs: 1_500 });

async function runningExecution() {
  const { team, connectorId, hold } = await arrangeHeldConnector(rig.client, rig.target, TOKEN, 1);
  const id = await rig.start(team.workspaceId, connectorId, team.member.token);
  await hold.arrived(1);
  const path = `/v1/workspaces/${team.workspaceId}/executions/${id}/events`;
  return { team, hold, path };
}

describe("GET …/executions/:id/events, limits and malformed input", () => {
  it("sends a heartbeat comment while nothing happens, and times out with event: timeout", async () => {
    const { team, hold, path } = await runningExecution();
    const res = await rig.open(path, team.member.token);
    const events = await readEvents(res).rest();
    hold.release(1);
    expect(events[0]?.event).toBe("execution");
    expect(events).toContainEqual({ event: "comment", data: "heartbeat" });
    const last = events.at(-1);
    expect(last?.event).toBe("timeout");
    expect(JSON.parse(last?.data ?? "null")).toMatchObject({ message: expect.any(String) });
    expect(events.filter((e) => e.event === "timeout")).toHaveLength(1);
  });

  it("a Last-Event-ID that this stream never sent is 400 invalid_request, as JSON", async () => {
    const { team, hold, path } = await runningExecution();
    for (const bad of ["abc", "1-", "-1-2", "99999-1", "1-1; drop table", "1-1-1", " "]) {
      const res = await rig.client.json(path, {
        token: team.member.token,
        headers: { "last-event-id": bad },
      });
      expect(res.status, `${bad}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body).toMatchObject(envelope("invalid_request"));
    }
    hold.release(1);
  });

  it("a malformed execution id is 404 not_found, as JSON", async () => {
    const { team, hold } = await runningExecution();
    hold.release(1);
    for (const id of ["not-a-uuid", "00000000-0000-4000-8000-000000000000", "%27%20or%201=1"]) {
      const res = await rig.client.json(
        `/v1/workspaces/${team.workspaceId}/executions/${id}/events`,
        {
          token: team.member.token,
        },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(res.body).toMatchObject(envelope("not_found"));
    }
  });
});
