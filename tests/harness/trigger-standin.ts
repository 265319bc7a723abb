// A local stand-in for the Trigger.dev API: it accepts the SDK's trigger request exactly as
// the real API does (path, bearer secret key, payload packet, idempotency key), dedupes by
// idempotency key, records it, and runs the task body — so the `trigger` runner path is tested
// end to end. It also answers the cancel call and the runs-retrieve call (GET /api/v3/runs/:id,
// the response shape the SDK's runs.retrieve parses). With `concurrencyPerKey`, runs wait in a
// queue per concurrency key, as Trigger.dev's queue does for a task with a concurrency limit.
// `withhold` makes it accept runs it never starts: lost (EXPIRED, CRASHED…) or still queued.
// Faults as the real service shows them: `failNext` answers 5xx or 429 without creating a run,
// `hangNext` creates and starts the run but never answers, and runs are retried like Trigger.dev
// retries them (trigger-attempts.ts), also after `kill` / `killNext` killed an attempt mid-run.
import { type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AttemptContext,
  keyedQueue,
  type PlayedRun,
  playRun,
  type RetryPolicy,
  TASK_RETRY,
  type TaskBody,
} from "./trigger-attempts.ts";
import { type BatchCall, batchEndpoints, unpackPayload } from "./trigger-standin-batch.ts";
import {
  FINISHED,
  type StandInRunStatus,
  finish,
  newRecord,
  type RunRecord,
  runBody,
} from "./trigger-run-record.ts";

export type { AttemptContext, BatchCall, RetryPolicy, StandInRunStatus, TaskBody };

export interface TriggerCall {
  taskId: string;
  payload: unknown;
  idempotencyKey: string | undefined;
  /** The key as the caller chose it (the SDK sends a hash plus these options). */
  rawIdempotencyKey: string | undefined;
  tags: string[];
  concurrencyKey: string | undefined;
  runId: string;
  cached: boolean;
  /** When the call arrived (ms since the epoch). */
  at: number;
}

/** A fault the stand-in injected: a refused trigger, an unanswered one, a killed attempt. */
export interface StandInFault {
  kind: "refused" | "hung" | "killed";
  executionId: string;
  runId?: string;
  status?: number;
  at: number;
}

export interface TriggerStandIn {
  url: string;
  secretKey: string;
  calls: TriggerCall[];
  cancels: string[];
  /** Batches created with `tasks.batchTrigger` (trigger-standin-batch.ts), in order. */
  batchCalls: BatchCall[];
  /** Every create call of a batch of `runCount` items is refused (503) until `null`. */
  refuseBatches(runCount: number | null): void;
  /** Run ids asked for with GET /api/v3/runs/:id, in order. */
  retrievals: string[];
  /**
   * Runs triggered from now on are accepted (an id is answered) but never started, and reported
   * with `status`: a lost run ("EXPIRED", "CRASHED"…) or one still waiting ("QUEUED").
   * `null` starts runs again.
   */
  withhold(status: StandInRunStatus | null): void;
  /** The status the API reports for a run (undefined: unknown, 404). */
  statusOf(runId: string): StandInRunStatus | undefined;
  /** Stops answering (connections refused) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /**
   * The next `count` trigger calls are answered `status` (5xx, or 429 with `retryAfterMs` as
   * Retry-After and x-ratelimit-reset) and create no run.
   */
  failNext(count: number, answer?: { status: number; retryAfterMs?: number }): void;
  /** The next `count` new runs are created and started, but their trigger call is never answered. */
  hangNext(count: number): void;
  /** The next `count` runs started have their first attempt killed `afterMs` after it starts. */
  killNext(count: number, afterMs: number): void;
  /** Kills the attempt in progress of a run (it is retried); false when none is running. */
  kill(runId: string): boolean;
  /** Every injected fault, in order. */
  faults: StandInFault[];
  /** Replaces the task body for runs triggered from now on. */
  setTask(body: TaskBody): void;
  /** Resolves when every run started so far has finished. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** Runs sharing a concurrency key that may run at once (unlimited when unset). */
  concurrencyPerKey?: number;
  /** How a run whose attempt threw or was killed is retried (the task's own policy by default). */
  retry?: RetryPolicy;
}

export async function startTriggerStandIn(
  initialTask: TaskBody,
  settings: StandInOptions = {},
): Promise<TriggerStandIn> {
  let runTask = initialTask;
  const queued = keyedQueue(settings.concurrencyPerKey);
  const secretKey = `tr_dev_${crypto.randomUUID().replace(/-/g, "")}`;
  const calls: TriggerCall[] = [];
  const cancels: string[] = [];
  const byKey = new Map<string, string>();
  const runs = new Map<string, PlayedRun & { executionId: string }>();
  const retrievals: string[] = [];
  const records = new Map<string, RunRecord>();
  let withheld: StandInRunStatus | null = null;
  const faults: StandInFault[] = [];
  const pending = {
    fail: 0,
    failAnswer: { status: 503 } as { status: number; retryAfterMs?: number },
    hang: 0,
    kill: 0,
    killAfterMs: 0,
  };
  const hung = new Set<ServerResponse>();
  const kill = (runId: string) => {
    const run = runs.get(runId);
    if (!run?.kill()) return false;
    faults.push({ kind: "killed", executionId: run.executionId, runId, at: Date.now() });
    return true;
  };
  /** The body of a run whose first attempt is to be killed `afterMs` after it starts. */
  const doomed =
    (body: TaskBody, afterMs: number): TaskBody =>
    (payload, run) => {
      if (run.attempt === 1) setTimeout(() => kill(run.runId), afterMs);
      return body(payload, run);
    };

  /** Records a trigger of one run and starts it, unless its idempotency key has one already. */
  const accept = (
    taskId: string,
    payload: unknown,
    executionId: string,
    options: Record<string, unknown>,
  ) => {
    const idempotencyKey =
      typeof options.idempotencyKey === "string" ? options.idempotencyKey : undefined;
    const tags = Array.isArray(options.tags) ? (options.tags as string[]) : [];
    const concurrencyKey =
      typeof options.concurrencyKey === "string" ? options.concurrencyKey : undefined;
    const existing = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
    const runId = existing ?? `run_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
    calls.push({
      taskId,
      payload,
      idempotencyKey,
      rawIdempotencyKey: (options.idempotencyKeyOptions as { key?: string } | undefined)?.key,
      tags,
      concurrencyKey,
      runId,
      cached: Boolean(existing),
      at: Date.now(),
    });
    if (existing) return { runId, existing: true };
    if (idempotencyKey) byKey.set(idempotencyKey, runId);
    const record = newRecord(runId, taskId, idempotencyKey, tags);
    records.set(runId, record);
    if (withheld) {
      record.status = withheld;
    } else {
      let body = runTask;
      if (pending.kill > 0) {
        pending.kill -= 1;
        body = doomed(body, pending.killAfterMs);
      }
      const played = playRun(record, body, { executionId }, settings.retry ?? TASK_RETRY, (fn) =>
        queued(concurrencyKey ?? "", fn),
      );
      runs.set(runId, { ...played, executionId });
    }
    return { runId, existing: false };
  };
  const batches = batchEndpoints(accept);

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      // The caller gave up (its own timeout) before sending the whole body: nothing to answer.
      return;
    }
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(401, { error: "Invalid API Key" });
    }
    const url = new URL(req.url ?? "/", "http://trigger.local");
    const batchAnswer = batches.handle(req.method ?? "", url.pathname, chunks);
    if (batchAnswer) return send(batchAnswer.status, batchAnswer.body);
    const trigger = /^\/api\/v1\/tasks\/([^/]+)\/trigger$/.exec(url.pathname);
    if (req.method === "POST" && trigger) {
      let body: { payload?: unknown; options?: Record<string, unknown> };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(400, { error: "Invalid JSON" });
      }
      const options = body.options ?? {};
      const unpacked = unpackPayload(body.payload, options);
      if ("error" in unpacked) return send(400, { error: unpacked.error });
      const { payload, executionId } = unpacked;
      const idempotencyKey =
        typeof options.idempotencyKey === "string" ? options.idempotencyKey : undefined;
      if (!idempotencyKey)
        return send(400, { error: "this project always sends an idempotency key" });
      if (pending.fail > 0) {
        pending.fail -= 1;
        const { status, retryAfterMs } = pending.failAnswer;
        faults.push({ kind: "refused", executionId, status, at: Date.now() });
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (retryAfterMs !== undefined) {
          headers["retry-after"] = String(Math.ceil(retryAfterMs / 1000));
          headers["x-ratelimit-reset"] = String(Date.now() + retryAfterMs);
        }
        res.writeHead(status, headers);
        return res.end(
          JSON.stringify({ error: status === 429 ? "Rate limit exceeded" : "Internal" }),
        );
      }
      const { runId, existing } = accept(trigger[1] ?? "", payload, executionId, options);
      if (!existing) {
        if (pending.hang > 0) {
          // Accepted and started, but the caller never hears so: it times out.
          pending.hang -= 1;
          faults.push({ kind: "hung", executionId, runId, at: Date.now() });
          hung.add(res);
          return;
        }
      }
      return send(200, { id: runId, isCached: Boolean(existing) });
    }
    const cancel = /^\/api\/v2\/runs\/([^/]+)\/cancel$/.exec(url.pathname);
    if (req.method === "POST" && cancel) {
      const runId = cancel[1] ?? "";
      cancels.push(runId);
      runs.get(runId)?.cancel();
      const record = records.get(runId);
      if (record && !FINISHED.has(record.status)) finish(record, "CANCELED");
      return send(200, { id: runId });
    }
    const retrieve = /^\/api\/v3\/runs\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && retrieve) {
      const runId = decodeURIComponent(retrieve[1] ?? "");
      retrievals.push(runId);
      const record = records.get(runId);
      if (!record) return send(404, { error: "Run not found" });
      return send(200, runBody(record));
    }
    return send(404, { error: "Not found" });
  });
  const dropHung = () => {
    for (const res of hung) res.destroy();
    hung.clear();
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    calls,
    cancels,
    batchCalls: batches.calls,
    refuseBatches: batches.refuse,
    retrievals,
    faults,
    withhold: (status) => {
      withheld = status;
    },
    failNext: (count, answer = { status: 503 }) => {
      pending.fail = count;
      pending.failAnswer = answer;
    },
    hangNext: (count) => {
      pending.hang = count;
    },
    killNext: (count, afterMs) => {
      pending.kill = count;
      pending.killAfterMs = afterMs;
    },
    kill,
    statusOf: (runId) => records.get(runId)?.status,
    down: () =>
      new Promise((resolve) => {
        dropHung();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    up: () => new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve())),
    setTask: (body) => {
      runTask = body;
    },
    settle: async () => {
      await Promise.all([...runs.values()].map((run) => run.done));
    },
    close: async () => {
      dropHung();
      server.closeAllConnections();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
