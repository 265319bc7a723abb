import { describe, expect, it } from "vitest";
import {
  FINAL_WRITE_GRACE_MS,
  RUN_MAX_SECONDS,
  WRITE_BACKOFF_MAX_MS,
  backoffMs,
  isTransient,
  retryUntil,
  runWrites,
} from "./retry.ts";

/** A clock that moves only when the retry waits. */
function fakeClock(start = 1_000) {
  const state = { now: start, waits: [] as number[], events: [] as string[] };
  return {
    state,
    clock: {
      now: () => state.now,
      sleep: async (ms: number) => {
        state.waits.push(ms);
        state.now += ms;
      },
      random: () => 0.5,
      log: (event: string, fields: Record<string, unknown>) =>
        state.events.push(`${event}:${String(fields.what)}`),
    },
  };
}

const refused = () => Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
const postgresError = (code: string) =>
  Object.assign(new Error("server said no"), { name: "PostgresError", code });

describe("write retries", () => {
  it("back off exponentially from 250 ms, capped at 5 s, half of each wait random", () => {
    expect(backoffMs(1, () => 0)).toBe(125);
    expect(backoffMs(1, () => 1)).toBe(250);
    expect(backoffMs(3, () => 1)).toBe(1_000);
    expect(backoffMs(10, () => 0)).toBe(WRITE_BACKOFF_MAX_MS / 2);
    expect(backoffMs(30, () => 1)).toBe(WRITE_BACKOFF_MAX_MS);
  });

  it("retry through an outage until the write lands", async () => {
    const { state, clock } = fakeClock();
    let calls = 0;
    const result = await retryUntil(
      "step_result",
      async () => {
        calls += 1;
        if (calls < 20) throw refused();
        return true;
      },
      state.now + 300_000,
      clock,
    );
    expect(result).toBe(true);
    expect(calls).toBe(20);
    expect(state.events.filter((e) => e === "execution.write_retry:step_result")).toHaveLength(19);
    expect(Math.max(...state.waits)).toBeLessThanOrEqual(WRITE_BACKOFF_MAX_MS);
  });

  it("stop at the deadline: the last wait ends exactly at it, one attempt there, then the error", async () => {
    const { state, clock } = fakeClock();
    const deadline = state.now + 60_000;
    let calls = 0;
    const error = refused();
    await expect(
      retryUntil(
        "claim",
        async () => {
          calls += 1;
          throw error;
        },
        deadline,
        clock,
      ),
    ).rejects.toBe(error);
    expect(state.now).toBe(deadline);
    expect(calls).toBe(state.waits.length + 1);
    expect(state.events.at(-1)).toBe("execution.write_failed:claim");
  });

  it("never retry a definitive answer of the server, nor a refused write", async () => {
    const { state, clock } = fakeClock();
    let calls = 0;
    const bad = postgresError("23505");
    const failing = async () => {
      calls += 1;
      throw bad;
    };
    await expect(retryUntil("finish", failing, state.now + 60_000, clock)).rejects.toBe(bad);
    expect(calls).toBe(1);
    expect(await retryUntil("finish", async () => false, state.now + 60_000, clock)).toBe(false);
    expect(state.waits).toEqual([]);
  });

  it("treat a stopping, starting or overloaded server as transient", () => {
    expect(isTransient(refused())).toBe(true);
    expect(isTransient(new Error("Network connection lost."))).toBe(true);
    for (const code of ["57P01", "57P03", "08006", "53300", "40001"]) {
      expect(isTransient(postgresError(code)), code).toBe(true);
    }
    for (const code of ["23505", "42P01", "22P02"]) {
      expect(isTransient(postgresError(code)), code).toBe(false);
    }
  });
});

describe("a run's write deadlines", () => {
  const alwaysDown = async () => {
    throw refused();
  };

  it("the claim and the reads retry until the budget runs out", async () => {
    const { state, clock } = fakeClock();
    const writes = runWrites(clock, 300_000);
    await expect(writes.untilBudget("claim", alwaysDown)).rejects.toThrow("ECONNREFUSED");
    expect(state.now).toBe(1_000 + 300_000);
  });

  it("the writes recording the run's end get a grace past the budget", async () => {
    const { state, clock } = fakeClock();
    const writes = runWrites(clock, 300_000);
    await expect(writes.untilGrace("finish", alwaysDown)).rejects.toThrow("ECONNREFUSED");
    expect(state.now).toBe(1_000 + 300_000 + FINAL_WRITE_GRACE_MS);
  });

  it("Trigger.dev's maxDuration covers the budget, the grace and one last attempt", () => {
    expect(RUN_MAX_SECONDS).toBe(420);
    expect(RUN_MAX_SECONDS * 1000).toBeGreaterThan(300_000 + FINAL_WRITE_GRACE_MS + 30_000);
  });
});
