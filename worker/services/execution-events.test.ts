import { describe, expect, it } from "vitest";
import type { Execution } from "../db/executions.ts";
import type { ExecutionStatus } from "../../execution/status.ts";
import {
  eventsSince,
  formatEventId,
  hasMoved,
  parseEventId,
  phaseOf,
} from "./execution-events-cursor.ts";
import { followExecution, liveStatusTimings } from "./execution-events.ts";

function execution(status: ExecutionStatus, attempts: number, steps: number): Execution {
  return {
    id: "0d3c9a57-4f1e-4b8a-9e2d-6a7b8c9d0e1f",
    status,
    attempts,
    stepResults: Array.from({ length: steps }, (_, i) => ({ id: `s${i + 1}` })),
  } as unknown as Execution;
}

const ids = (r: ReturnType<typeof eventsSince>) => r.events.map((e) => `${e.event} ${e.id}`);

describe("live status event ids", () => {
  it("the phase grows with every status change, a reclaim back to queued included", () => {
    const story: [ExecutionStatus, number][] = [
      ["queued", 0],
      ["running", 1],
      ["queued", 1],
      ["running", 2],
      ["running", 3],
      ["failed", 3],
    ];
    const phases = story.map(([status, attempts]) => phaseOf(status, attempts));
    for (let i = 1; i < phases.length; i++) expect(phases[i]).toBeGreaterThan(phases[i - 1] ?? 0);
    expect(phaseOf("cancelled", 0)).toBeGreaterThan(phaseOf("queued", 0));
  });

  it("formats and parses ids, and refuses anything else", () => {
    expect(parseEventId(formatEventId({ steps: 12, phase: 5 }))).toEqual({ steps: 12, phase: 5 });
    for (const bad of ["", "1", "1-", "a-1", "1-1-1", "12345-1", "1-1234567"]) {
      expect(parseEventId(bad)).toBeNull();
    }
  });

  it("a fresh client gets the summary first, then every step", () => {
    expect(ids(eventsSince(null, execution("succeeded", 1, 2)))).toEqual([
      "execution 0-3",
      "step 1-3",
      "step 2-3",
    ]);
    expect(ids(eventsSince(null, execution("running", 1, 1)))).toEqual([
      "execution 0-1",
      "step 1-1",
    ]);
  });

  it("a resumed client gets the missing steps before the terminal status, never a repeat", () => {
    const result = eventsSince({ steps: 1, phase: 1 }, execution("succeeded", 1, 3));
    expect(ids(result)).toEqual(["step 2-1", "step 3-1", "execution 3-3"]);
    expect(result.done).toBe(true);
    expect(ids(eventsSince({ steps: 3, phase: 3 }, execution("succeeded", 1, 3)))).toEqual([]);
  });

  it("a new non-terminal status comes before the steps that follow it", () => {
    expect(ids(eventsSince({ steps: 0, phase: 0 }, execution("running", 1, 1)))).toEqual([
      "execution 0-1",
      "step 1-1",
    ]);
  });

  it("sees movement in steps, status or an end, and nothing else", () => {
    const at = { steps: 1, phase: 1 };
    expect(hasMoved(at, { status: "running", attempts: 1, stepCount: 1 })).toBe(false);
    expect(hasMoved(at, { status: "running", attempts: 1, stepCount: 2 })).toBe(true);
    expect(hasMoved(at, { status: "queued", attempts: 1, stepCount: 1 })).toBe(true);
    // A cursor claiming a later phase than exists still sees the end.
    expect(hasMoved({ steps: 1, phase: 99 }, { status: "failed", attempts: 1, stepCount: 1 })).toBe(
      true,
    );
  });

  it("keeps test timings within bounds", () => {
    const t = liveStatusTimings({ pollMinMs: 0, pollMaxMs: 1, timeoutMs: 3_600_000 });
    expect(t.pollMinMs).toBeGreaterThan(0);
    expect(t.pollMaxMs).toBeGreaterThanOrEqual(t.pollMinMs);
    expect(t.timeoutMs).toBe(300_000);
  });
});

describe("followExecution", () => {
  it("stops without a poll once the client has gone", async () => {
    const gone = new AbortController();
    const sent: string[] = [];
    let comments = 0;
    await followExecution({
      // Never reached: a poll would fail to connect and log a warning.
      connectionString: "postgres://nobody:nothing@127.0.0.1:1/none",
      claims: { sub: "u" },
      workspaceId: "w",
      first: execution("running", 1, 0),
      from: null,
      timings: liveStatusTimings(),
      signal: gone.signal,
      requestId: "req_test",
      sink: {
        send: async (m) => {
          sent.push(m.event);
          gone.abort();
        },
        comment: async () => {
          comments += 1;
        },
      },
    });
    expect(sent).toEqual(["execution"]);
    expect(comments).toBe(0);
  });
});
