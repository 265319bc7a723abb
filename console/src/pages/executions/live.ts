// An execution followed live: GET …/executions/:id/events read with fetch and a stream reader
// (it needs the bearer token, which EventSource cannot send), through the typed client. After a
// drop it resumes with Last-Event-ID; it stops at a terminal status; if the stream keeps failing
// it falls back to polling the execution every few seconds.
import { useEffect, useRef, useState } from "react";
import type { Client } from "../../lib/api.ts";
import { ApiFailure, ok } from "../../lib/api.ts";

type ExecutionsApi = Client["v1"]["workspaces"][":ws"]["executions"][":id"];
export type ExecutionDetail = Awaited<ReturnType<typeof readExecution>>;
export type StepResult = ExecutionDetail["stepResults"][number];

export const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
const POLL_MS = 3000;
const MAX_STREAM_FAILURES = 3;

/** The wait before reconnect number `attempt` (1, 2, …): 1 s doubling to 30 s, with jitter. */
export function backoff(attempt: number): number {
  const base = 1000 * 2 ** Math.max(0, attempt - 1);
  return Math.min(30_000, base * (0.8 + Math.random() * 0.4));
}

/** Resolves after `ms`, or at once when `signal` aborts (the listener is removed either way). */
export function wait(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** A polling failure not worth repeating: a 4xx other than 429 (gone, forbidden, signed out…). */
export function isFinalFailure(failure: unknown): boolean {
  return (
    failure instanceof ApiFailure &&
    failure.status >= 400 &&
    failure.status < 500 &&
    failure.status !== 429
  );
}

/**
 * Reads an event stream body to its end, handing each event to `onEvent`; stops early when
 * `stop()` says so. Returns how many events came. The body is cancelled however the read ends
 * (a parse error included) so the connection is released.
 */
export async function readEvents(
  body: NonNullable<Response["body"]>,
  onEvent: (event: SseEvent) => void,
  stop: () => boolean,
): Promise<number> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let count = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return count;
      const parsed = parseEvents(buffer + value);
      buffer = parsed.rest;
      for (const event of parsed.events) {
        count++;
        onEvent(event);
      }
      if (stop()) return count;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function readExecution(api: Client, ws: string, id: string) {
  return ok(api.v1.workspaces[":ws"].executions[":id"].$get({ param: { ws, id } }));
}

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/** Splits a text/event-stream buffer into complete events; returns them and the unread rest. */
export function parseEvents(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const blocks = buffer.replace(/\r\n/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    let id: string | null = null;
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "id") id = value;
      else if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length || id !== null) events.push({ id, event, data: data.join("\n") });
  }
  return { events, rest };
}

export type LiveMode = "stream" | "polling" | "done";

/**
 * The execution as it is now: loaded once, then updated from the event stream (status, timing,
 * each step as it finishes) until it reaches a terminal status.
 */
export function useLiveExecution(api: Client, ws: string, id: string) {
  const [execution, setExecution] = useState<ExecutionDetail | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [mode, setMode] = useState<LiveMode>("stream");
  const [tick, setTick] = useState(0);
  const events = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick restarts the follow
  useEffect(() => {
    const abort = new AbortController();
    let lastEventId: string | undefined;
    let failures = 0;
    let current: ExecutionDetail | undefined;
    const apply = (next: ExecutionDetail) => {
      current = next;
      setExecution(next);
    };

    async function stream(): Promise<boolean> {
      const events$ = (api.v1.workspaces[":ws"].executions[":id"] as ExecutionsApi).events;
      const res = await events$.$get(
        { param: { ws, id }, header: lastEventId ? { "last-event-id": lastEventId } : {} },
        { init: { signal: abort.signal } },
      );
      if (!res.ok || !res.body) return false;
      const received = await readEvents(
        res.body,
        (event) => {
          if (event.id) lastEventId = event.id;
          events.current++;
          if (!current) return;
          if (event.event === "execution") {
            const summary = JSON.parse(event.data) as Omit<ExecutionDetail, "definition">;
            apply({ ...current, ...summary });
          } else if (event.event === "step") {
            const step = JSON.parse(event.data) as StepResult;
            const steps = current.stepResults.filter((s) => s.id !== step.id);
            apply({ ...current, stepResults: [...steps, step] });
          }
        },
        () => current !== undefined && TERMINAL.has(current.status),
      );
      // A clean end with no events is no progress: it counts as a failure.
      return received > 0;
    }

    async function follow() {
      try {
        apply(await readExecution(api, ws, id));
      } catch (failure) {
        if (!abort.signal.aborted) setError(failure);
        return;
      }
      while (!abort.signal.aborted && current && !TERMINAL.has(current.status)) {
        if (failures < MAX_STREAM_FAILURES) {
          setMode("stream");
          const progressed = await stream().catch(() => false);
          if (abort.signal.aborted) return;
          if (progressed) failures = 0;
          else failures++;
          if (current && TERMINAL.has(current.status)) break;
          // Always wait before reconnecting, even after a clean end (the 5-minute timeout), so a
          // server that ends streams at once is not hammered.
          await wait(abort.signal, backoff(Math.max(1, failures)));
          continue;
        }
        // The stream keeps failing: poll the execution instead.
        setMode("polling");
        await wait(abort.signal, POLL_MS);
        if (abort.signal.aborted) return;
        try {
          apply(await readExecution(api, ws, id));
        } catch (failure) {
          // A 4xx (except 429) will not get better by asking again: stop and show it.
          if (isFinalFailure(failure)) {
            if (!abort.signal.aborted) setError(failure);
            return;
          }
          // otherwise keep polling; the page still shows the last known state
        }
      }
      if (!abort.signal.aborted) setMode("done");
    }

    setError(undefined);
    follow();
    return () => abort.abort();
  }, [api, ws, id, tick]);

  return {
    execution,
    error,
    mode,
    eventsReceived: events,
    reload: () => setTick((n) => n + 1),
    /** A replaced execution (e.g. after cancel) shown at once; the follow loop keeps going. */
    set: setExecution,
  };
}
