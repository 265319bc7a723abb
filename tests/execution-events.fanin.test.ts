import { describe, expect, it } from "vitest";
import { liveHubFollowing, liveHubTotals } from "../worker/services/live-hub.ts";
import { readEvents } from "./harness/event-stream.ts";
import { arrangeHeldConnector } from "./harness/held-target.ts";
import { liveStatusRig } from "./harness/live-status.ts";

const TOKEN = "tok_live_fanin_3c2b1a09f8e7d6";
const POLL_MIN_MS = 20;
const POLL_MAX_MS = 50;
const rig = liveStatusRig({ pollMinMs: POLL_MIN_MS, pollMaxMs: POLL_MAX_MS });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A running execution held at its first step, and a way to open streams on it. */
async function heldExecution(steps = 1) {
  const { team, connectorId, hold } = await arrangeHeldConnector(
    rig.client,
    rig.target,
    TOKEN,
    steps,
  );
  const id = await rig.start(team.workspaceId, connectorId, team.member.token);
  await hold.arrived(1);
  const path = `/v1/workspaces/${team.workspaceId}/executions/${id}/events`;
  const open = async () => {
    const stop = new AbortController();
    const res = await fetch(`${rig.http.url}${path}`, {
      headers: { authorization: `Bearer ${team.member.token}` },
      signal: stop.signal,
    });
    expect(res.status).toBe(200);
    const events = readEvents(res);
    expect((await events.next())?.event).toBe("execution");
    return { events, close: () => stop.abort() };
  };
  /** Waits until `n` streams follow it (one that was closed leaves at its next wake). */
  const following = async (n: number) => {
    for (let i = 0; i < 500 && liveHubFollowing(id) !== n; i++) await sleep(10);
    expect(liveHubFollowing(id)).toBe(n);
  };
  return { hold, open, following };
}

describe("live status fan-in: the streams of an isolate share one poll", () => {
  it("eight streams on a quiet execution: one shared read per tick and no read as a caller", async () => {
    const { hold, open, following } = await heldExecution();
    const streams = await Promise.all(Array.from({ length: 8 }, open));
    await following(8);
    const before = liveHubTotals();
    const started = Date.now();
    await sleep(600);
    const after = liveHubTotals();
    const elapsed = Date.now() - started;
    // Eight streams polling on their own would read ~8 × 600 / 50 ≈ 96 times; shared, at most
    // once per POLL_MIN_MS whatever the number of streams.
    expect(after.polls - before.polls).toBeGreaterThan(0);
    expect(after.polls - before.polls).toBeLessThanOrEqual(Math.ceil(elapsed / POLL_MIN_MS) + 1);
    expect(after.callerReads - before.callerReads).toBe(0);
    hold.release(1);
    for (const { events } of streams) {
      const rest = await events.rest();
      expect(rest.map((e) => e.event)).toEqual(["step", "execution"]);
      expect(JSON.parse(rest[1]?.data ?? "{}")).toMatchObject({ status: "succeeded" });
    }
    await following(0);
  });

  it("only the streams whose execution moved read it again", async () => {
    const moving = await heldExecution();
    const quiet = await heldExecution();
    const movers = await Promise.all(Array.from({ length: 3 }, moving.open));
    const idlers = await Promise.all(Array.from({ length: 3 }, quiet.open));
    await moving.following(3);
    await quiet.following(3);
    const before = liveHubTotals();
    moving.hold.release(1);
    for (const { events } of movers) {
      expect((await events.rest()).map((e) => e.event)).toEqual(["step", "execution"]);
    }
    await moving.following(0);
    // Each mover read at most twice (the step, then the end, or both at once); no idler read.
    expect(liveHubTotals().callerReads - before.callerReads).toBeLessThanOrEqual(6);
    quiet.hold.release(1);
    for (const { events } of idlers) {
      expect((await events.rest()).map((e) => e.event)).toEqual(["step", "execution"]);
    }
    await quiet.following(0);
  });

  it("when the streams that lead the poll go away, the one left still gets every event", async () => {
    const { hold, open, following } = await heldExecution(2);
    const first = await open();
    const second = await open();
    const last = await open();
    await following(3);
    first.close();
    second.close();
    await following(1);
    hold.release(1);
    expect((await last.events.next())?.event).toBe("step");
    hold.release(2);
    expect((await last.events.rest()).map((e) => e.event)).toEqual(["step", "execution"]);
    await following(0);
  });
});
