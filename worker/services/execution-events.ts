// Live status: follows one execution for a client by polling a tiny row read with back-off, and
// turns what changed into events (docs/LIVE-STATUS.md). The stream holds no transaction between
// polls; each poll is one short transaction as the caller, so RLS still decides.
import { openDatabase, type Claims, type Database } from "../db/client.ts";
import { type ExecutionProgress, readProgress } from "../db/execution-events.ts";
import { type Execution, getExecutionSummary } from "../db/executions.ts";
import { NotFound } from "../lib/errors.ts";
import { describeError, log } from "../lib/log.ts";
import { type Cursor, eventsSince, hasMoved, type LiveEvent } from "./execution-events-cursor.ts";
import { liveHub, type Watch } from "./live-hub.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";

/**
 * A stream's database connection outlives the longest wait between two reads (the poll cap is
 * at most 15 s), so a leader never reconnects between polls.
 */
const IDLE_SECONDS = 20;

export interface LiveStatusTimings {
  /** First wait between polls, and the wait again after anything changed. */
  pollMinMs: number;
  /** Each poll that finds nothing doubles the wait, up to this. */
  pollMaxMs: number;
  heartbeatMs: number;
  timeoutMs: number;
}

export const LIVE_STATUS_TIMINGS: LiveStatusTimings = {
  pollMinMs: 250,
  pollMaxMs: 10_000,
  heartbeatMs: 15_000,
  timeoutMs: 300_000,
};

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/** The timings with overrides (tests shorten them), held within sane bounds. */
export function liveStatusTimings(overrides: Partial<LiveStatusTimings> = {}): LiveStatusTimings {
  const t = { ...LIVE_STATUS_TIMINGS, ...overrides };
  const pollMinMs = clamp(t.pollMinMs, 20, 5_000);
  return {
    pollMinMs,
    pollMaxMs: clamp(t.pollMaxMs, pollMinMs, 15_000),
    heartbeatMs: clamp(t.heartbeatMs, 50, 60_000),
    timeoutMs: clamp(t.timeoutMs, 50, LIVE_STATUS_TIMINGS.timeoutMs),
  };
}

/** Where the events go: the route writes them as server-sent events. */
export interface LiveSink {
  send(message: { event: string; id?: string; data: string }): Promise<void>;
  comment(text: string): Promise<void>;
}

/** The execution as the caller sees it, read before the stream starts (404 is a JSON answer). */
export async function readExecutionSummary(
  scope: WorkspaceScope,
  executionId: string,
): Promise<Execution> {
  const workspaceId = scope.workspace.id;
  const execution = await asCaller(scope, (tx) =>
    getExecutionSummary(tx, workspaceId, executionId),
  );
  if (!execution) throw new NotFound("Execution not found.");
  return execution;
}

export interface FollowArgs {
  connectionString: string;
  claims: Claims;
  workspaceId: string;
  first: Execution;
  /** From Last-Event-ID: what the client already has; null for a fresh client. */
  from: Cursor | null;
  timings: LiveStatusTimings;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  sink: LiveSink;
  requestId: string;
  now?: () => number;
}

async function sendAll(sink: LiveSink, events: LiveEvent[]) {
  for (const { event, id, data } of events)
    await sink.send({ event, id, data: JSON.stringify(data) });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener("abort", done);
  });
}

/**
 * One poll, one transaction: the tiny read, and the summary only when something moved. Null
 * when nothing did; "gone" when the caller can no longer see the execution.
 */
async function poll(db: Database, args: FollowArgs, cursor: Cursor) {
  const { workspaceId, first } = args;
  return db.asUser(args.claims, async (tx): Promise<Execution | "gone" | null> => {
    const progress = await readProgress(tx, workspaceId, first.id);
    if (!progress) return "gone";
    if (!hasMoved(cursor, progress)) return null;
    return (await getExecutionSummary(tx, workspaceId, first.id)) ?? "gone";
  });
}

/**
 * Streams the execution until it ends, the client leaves, the time limit (or the token's
 * expiry) passes, or it stops being visible to the caller. Never throws: a failed read is logged
 * and ends the stream, and the client resumes with Last-Event-ID.
 *
 * The stream joins its isolate's hub (live-hub.ts): one stream reads for all of them when a read
 * is due, and this one reads as its caller only when the shared read saw its execution move.
 */
export async function followExecution(args: FollowArgs): Promise<void> {
  const { sink, signal, timings } = args;
  const now = args.now ?? Date.now;
  const opened = eventsSince(args.from, args.first);
  await sendAll(sink, opened.events);
  if (opened.done) return;
  let cursor = opened.cursor;
  const started = now();
  const exp = typeof args.claims.exp === "number" ? args.claims.exp * 1000 : Infinity;
  const deadline = Math.min(started + timings.timeoutMs, exp);
  let nextBeat = started + timings.heartbeatMs;
  const hub = liveHub(args.connectionString);
  const watch: Watch = {
    executionId: args.first.id,
    workspaceId: args.workspaceId,
    userId: args.claims.sub,
    pollMinMs: timings.pollMinMs,
    pollMaxMs: timings.pollMaxMs,
    until: deadline,
    seen: undefined,
  };
  // What this stream last compared its cursor with.
  let checked: ExecutionProgress | null | undefined;
  const db = openDatabase(args.connectionString, { max: 1, idleTimeoutSeconds: IDLE_SECONDS });
  hub.join(watch, started);
  try {
    while (!signal.aborted) {
      if (watch.seen === checked && !hub.due(now())) {
        const at = now();
        await sleep(Math.min(hub.lookAt(watch, at), nextBeat, deadline) - at, signal);
        if (signal.aborted) return;
      }
      const at = now();
      if (at >= deadline) {
        await sink.send({
          event: "timeout",
          data: JSON.stringify({
            message: "The stream's time is up; reconnect with Last-Event-ID to continue.",
          }),
        });
        return;
      }
      if (at >= nextBeat) {
        await sink.comment("heartbeat");
        nextBeat = at + timings.heartbeatMs;
      }
      if (hub.due(at)) await hub.poll(watch, db, now);
      const seen = watch.seen;
      if (seen === checked) continue;
      checked = seen;
      if (seen === undefined || (seen !== null && !hasMoved(cursor, seen))) continue;
      hub.callerReads += 1;
      const execution = await poll(db, args, cursor);
      if (execution === "gone") return;
      if (!execution) continue;
      const next = eventsSince(cursor, execution);
      await sendAll(sink, next.events);
      if (next.done) return;
      cursor = next.cursor;
    }
  } catch (error) {
    log("warn", "live status stream ended by an error", {
      requestId: args.requestId,
      error: describeError(error),
    });
  } finally {
    hub.leave(watch);
    await db.close().catch(() => {});
  }
}
