// The Trigger.dev stand-in's contract (tests/harness/trigger-standin.ts), driven through the real
// SDK: 5xx and 429 answers that create no run, a run accepted and started whose answer never
// comes, Trigger.dev's retries (a new attempt of the same run after the back-off), an attempt
// killed mid-run (retried; its database connection dies with it), and runs it loses.
import { ApiError, auth, runs, tasks } from "@trigger.dev/sdk";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { CONNECTOR_EXECUTION_TASK_ID } from "../execution/task.ts";
import { type AttemptContext, mortal, retryDelay } from "./harness/trigger-attempts.ts";
import {
  type TaskBody,
  type TriggerStandIn,
  startTriggerStandIn,
} from "./harness/trigger-standin.ts";

const FAST = { maxAttempts: 3, minTimeoutInMs: 20, maxTimeoutInMs: 100, factor: 2 };
let standIn: TriggerStandIn;
let body: TaskBody = async () => {};
const attempts: (Pick<AttemptContext, "runId" | "attempt"> & { executionId: string })[] = [];

beforeAll(async () => {
  standIn = await startTriggerStandIn(
    (payload, run) => {
      attempts.push({ executionId: payload.executionId, runId: run.runId, attempt: run.attempt });
      return body(payload, run);
    },
    { retry: FAST },
  );
});

afterEach(async () => {
  await standIn.settle();
  body = async () => {};
});

afterAll(() => standIn.close());

const client = () => ({
  clientConfig: { secretKey: standIn.secretKey, baseURL: standIn.url },
  retry: { maxAttempts: 2, minTimeoutInMs: 10, maxTimeoutInMs: 50, factor: 2 },
});

function trigger(executionId: string, key = executionId) {
  return tasks.trigger(
    CONNECTOR_EXECUTION_TASK_ID,
    { executionId },
    { idempotencyKey: key },
    client(),
  );
}

const retrieve = (runId: string) =>
  auth.withAuth({ secretKey: standIn.secretKey, baseURL: standIn.url }, () => runs.retrieve(runId));

const attemptsOf = (runId: string) => attempts.filter((a) => a.runId === runId);

describe("the trigger call fails", () => {
  it("a 5xx creates no run; the SDK's own retry then gets one", async () => {
    standIn.failNext(1, { status: 503 });
    const calls = standIn.calls.length;
    const handle = await trigger("exec-5xx-once");
    expect(standIn.faults.at(-1)).toMatchObject({ kind: "refused", status: 503 });
    expect(standIn.calls.slice(calls).map((c) => c.runId)).toEqual([handle.id]);
  });

  it("5xx on every try: the caller gets the error and no run exists", async () => {
    standIn.failNext(2, { status: 500 });
    const calls = standIn.calls.length;
    const error = await trigger("exec-5xx-twice").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    expect(standIn.calls.length).toBe(calls);
    expect(standIn.faults.filter((f) => f.executionId === "exec-5xx-twice")).toHaveLength(2);
  });

  it("a 429 names when to come back (Retry-After, x-ratelimit-reset); the SDK waits and retries", async () => {
    standIn.failNext(1, { status: 429, retryAfterMs: 200 });
    const handle = await trigger("exec-429");
    expect(standIn.faults.at(-1)).toMatchObject({ kind: "refused", status: 429 });
    expect(standIn.statusOf(handle.id)).toBeDefined();
  });
});

describe("accepted, then no answer", () => {
  it("the run is created and runs, but the call never returns; the same key later gets the same run", async () => {
    standIn.hangNext(1);
    const answered = await Promise.race([
      trigger("exec-hang").then(
        () => "answered",
        () => "failed",
      ),
      new Promise((resolve) => setTimeout(() => resolve("no answer"), 1_000)),
    ]);
    expect(answered).toBe("no answer");
    const hung = standIn.faults.at(-1);
    expect(hung).toMatchObject({ kind: "hung", executionId: "exec-hang" });
    await standIn.settle();
    expect(standIn.statusOf(hung?.runId ?? "")).toBe("COMPLETED");
    expect(attemptsOf(hung?.runId ?? "")).toHaveLength(1);
    const again = await trigger("exec-hang");
    expect(again.id).toBe(hung?.runId);
    expect(standIn.calls.at(-1)?.cached).toBe(true);
  });
});

describe("retries like Trigger.dev", () => {
  it("an attempt that throws is retried as a new attempt of the same run, after the back-off", async () => {
    body = async (_payload, run) => {
      if ((run.attempt ?? 1) < 3) throw new Error("flaky");
    };
    const handle = await trigger("exec-flaky");
    await standIn.settle();
    expect(attemptsOf(handle.id).map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(standIn.statusOf(handle.id)).toBe("COMPLETED");
    const run = await retrieve(handle.id);
    expect(run.attemptCount).toBe(3);
    expect([1, 2, 3].map((n) => retryDelay(FAST, n))).toEqual([20, 40, 80]);
  });

  it("after maxAttempts the run fails; an AbortTaskRunError is not retried", async () => {
    body = async (payload) => {
      if (payload.executionId === "exec-always") throw new Error("always");
      const error = new Error("execution failed");
      error.name = "AbortTaskRunError";
      throw error;
    };
    const failing = await trigger("exec-always");
    const aborted = await trigger("exec-abort");
    await standIn.settle();
    expect(attemptsOf(failing.id)).toHaveLength(FAST.maxAttempts);
    expect(standIn.statusOf(failing.id)).toBe("FAILED");
    expect(attemptsOf(aborted.id)).toHaveLength(1);
    expect(standIn.statusOf(aborted.id)).toBe("FAILED");
  });

  it("an attempt killed mid-run is retried; its signal aborts and its database connection dies", async () => {
    const sql = postgres(inject("apiLoginUrl"), { max: 1, onnotice: () => {} });
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const seen: { attempt?: number; aborted: boolean; query: string }[] = [];
    body = async (_payload, run) => {
      const db = mortal(sql, run.killed);
      if (run.attempt === 1) {
        // In a transaction when the kill comes: it must roll back, not commit.
        const inTx = db.begin(async (tx) => {
          await held;
          return tx`select 1 as one`;
        });
        await inTx.catch(() => {});
      }
      const query = await db
        .begin((tx) => tx`select 1 as one`)
        .then(
          () => "answered",
          (error: Error) => error.message,
        );
      seen.push({ attempt: run.attempt, aborted: run.signal.aborted, query });
    };
    try {
      const handle = await trigger("exec-killed");
      await expect.poll(() => attemptsOf(handle.id).length).toBe(1);
      expect(standIn.kill(handle.id)).toBe(true);
      release();
      await standIn.settle();
      await expect.poll(() => seen.length).toBe(2);
      expect(attemptsOf(handle.id).map((a) => a.attempt)).toEqual([1, 2]);
      expect(standIn.statusOf(handle.id)).toBe("COMPLETED");
      expect(standIn.faults.at(-1)).toMatchObject({ kind: "killed", runId: handle.id });
      expect(seen.find((s) => s.attempt === 1)).toEqual({
        attempt: 1,
        aborted: true,
        query: "the run's process was killed",
      });
      expect(seen.find((s) => s.attempt === 2)).toEqual({
        attempt: 2,
        aborted: false,
        query: "answered",
      });
      expect(standIn.kill(handle.id)).toBe(false);
    } finally {
      await sql.end({ timeout: 2 });
    }
  });

  it("killNext kills the next runs' first attempt after a delay; they end retried", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    body = async (_payload, run) => {
      if (run.attempt === 1) await held;
    };
    standIn.killNext(2, 10);
    const first = await trigger("exec-doomed-1");
    const second = await trigger("exec-doomed-2");
    const spared = await trigger("exec-spared");
    await expect
      .poll(() => standIn.faults.filter((f) => f.kind === "killed").map((f) => f.runId))
      .toEqual(expect.arrayContaining([first.id, second.id]));
    release();
    await standIn.settle();
    for (const run of [first, second]) expect(attemptsOf(run.id)).toHaveLength(2);
    expect(attemptsOf(spared.id)).toHaveLength(1);
    expect(standIn.faults.some((f) => f.runId === spared.id)).toBe(false);
  });
});

describe("lost runs", () => {
  it("withhold accepts runs and never starts them, reporting the status given", async () => {
    standIn.withhold("EXPIRED");
    try {
      const handle = await trigger("exec-lost");
      const run = await retrieve(handle.id);
      expect(run.status).toBe("EXPIRED");
      expect(attemptsOf(handle.id)).toEqual([]);
    } finally {
      standIn.withhold(null);
    }
  });
});
