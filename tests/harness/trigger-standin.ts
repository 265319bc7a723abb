// A local stand-in for the Trigger.dev API: it accepts the SDK's trigger request exactly as
// the real API does (path, bearer secret key, payload packet, idempotency key), dedupes by
// idempotency key, records it, and runs the task body — so the `trigger` runner path is tested
// end to end. It also answers the cancel call and the runs-retrieve call (GET /api/v3/runs/:id,
// the response shape the SDK's runs.retrieve parses). With `concurrencyPerKey`, runs wait in a
// queue per concurrency key, as Trigger.dev's queue does for a task with a concurrency limit.
// `withhold` makes it accept runs it never starts: lost (EXPIRED, CRASHED…) or still queued.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  FINISHED,
  type StandInRunStatus,
  finish,
  newRecord,
  type RunRecord,
  runBody,
} from "./trigger-run-record.ts";

export type { StandInRunStatus };

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
}

export type TaskBody = (
  payload: { executionId: string },
  run: { runId: string; signal: AbortSignal },
) => Promise<unknown>;

export interface TriggerStandIn {
  url: string;
  secretKey: string;
  calls: TriggerCall[];
  cancels: string[];
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
  /** Replaces the task body for runs triggered from now on. */
  setTask(body: TaskBody): void;
  /** Resolves when every run started so far has finished. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** Runs sharing a concurrency key that may run at once (unlimited when unset). */
  concurrencyPerKey?: number;
}

/** Waiting runs per key: at most `limit` hold a slot; the rest start in arrival order. */
function keyedQueue(limit: number | undefined) {
  const lanes = new Map<string, { running: number; waiting: (() => void)[] }>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    if (limit === undefined) return fn();
    let lane = lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      lanes.set(key, lane);
    }
    const current = lane;
    if (current.running >= limit) {
      await new Promise<void>((resolve) => current.waiting.push(resolve));
    } else {
      current.running += 1;
    }
    try {
      return await fn();
    } finally {
      const next = current.waiting.shift();
      // The slot passes straight to the next waiting run, so `running` stays as it is.
      if (next) next();
      else current.running -= 1;
    }
  };
}

export async function startTriggerStandIn(
  initialTask: TaskBody,
  options: StandInOptions = {},
): Promise<TriggerStandIn> {
  let runTask = initialTask;
  const queued = keyedQueue(options.concurrencyPerKey);
  const secretKey = `tr_dev_${crypto.randomUUID().replace(/-/g, "")}`;
  const calls: TriggerCall[] = [];
  const cancels: string[] = [];
  const byKey = new Map<string, string>();
  const runs = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  const retrievals: string[] = [];
  const records = new Map<string, RunRecord>();
  let withheld: StandInRunStatus | null = null;

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(401, { error: "Invalid API Key" });
    }
    const url = new URL(req.url ?? "/", "http://trigger.local");
    const trigger = /^\/api\/v1\/tasks\/([^/]+)\/trigger$/.exec(url.pathname);
    if (req.method === "POST" && trigger) {
      let body: { payload?: unknown; options?: Record<string, unknown> };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(400, { error: "Invalid JSON" });
      }
      const options = body.options ?? {};
      // The SDK sends the payload as a serialized packet: JSON, or superjson's {json, meta}.
      let payload: unknown = body.payload;
      try {
        if (typeof body.payload === "string") payload = JSON.parse(body.payload);
        if (options.payloadType === "application/super+json") {
          payload = (payload as { json?: unknown } | null)?.json;
        } else if (options.payloadType !== "application/json") {
          return send(400, { error: `unexpected payloadType ${String(options.payloadType)}` });
        }
      } catch {
        return send(400, { error: "Invalid payload packet" });
      }
      const executionId = (payload as { executionId?: unknown } | null)?.executionId;
      if (typeof executionId !== "string")
        return send(400, { error: "payload.executionId missing" });
      const idempotencyKey =
        typeof options.idempotencyKey === "string" ? options.idempotencyKey : undefined;
      if (!idempotencyKey)
        return send(400, { error: "this project always sends an idempotency key" });
      const tags = Array.isArray(options.tags) ? (options.tags as string[]) : [];
      const concurrencyKey =
        typeof options.concurrencyKey === "string" ? options.concurrencyKey : undefined;
      const existing = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
      const runId = existing ?? `run_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
      calls.push({
        taskId: trigger[1] ?? "",
        payload,
        idempotencyKey,
        rawIdempotencyKey: (options.idempotencyKeyOptions as { key?: string } | undefined)?.key,
        tags,
        concurrencyKey,
        runId,
        cached: Boolean(existing),
      });
      if (!existing) {
        if (idempotencyKey) byKey.set(idempotencyKey, runId);
        const record = newRecord(runId, trigger[1] ?? "", idempotencyKey, tags);
        records.set(runId, record);
        if (withheld) {
          record.status = withheld;
        } else {
          const controller = new AbortController();
          const done = queued(concurrencyKey ?? "", () => {
            record.status = "EXECUTING";
            record.startedAt = new Date();
            return runTask({ executionId }, { runId, signal: controller.signal });
          }).then(
            () => finish(record, controller.signal.aborted ? "CANCELED" : "COMPLETED"),
            () => finish(record, controller.signal.aborted ? "CANCELED" : "FAILED"),
          );
          runs.set(runId, { controller, done });
        }
      }
      return send(200, { id: runId, isCached: Boolean(existing) });
    }
    const cancel = /^\/api\/v2\/runs\/([^/]+)\/cancel$/.exec(url.pathname);
    if (req.method === "POST" && cancel) {
      const runId = cancel[1] ?? "";
      cancels.push(runId);
      runs.get(runId)?.controller.abort();
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    calls,
    cancels,
    retrievals,
    withhold: (status) => {
      withheld = status;
    },
    statusOf: (runId) => records.get(runId)?.status,
    down: () =>
      new Promise((resolve) => {
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
      server.closeAllConnections();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
