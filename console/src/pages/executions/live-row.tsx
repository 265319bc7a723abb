// A list row's status kept current while it is queued or running, then its final status. Only a
// few rows (`live`) follow their execution's event stream: each stream holds one of the browser's
// ~6 HTTP/1.1 connections to the host, so the others re-read their execution every few seconds.
import { useEffect, useState } from "react";
import { ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { StatusBadge } from "../../ui/badge.tsx";
import { ErrorBox } from "../../ui/state.tsx";
import { TERMINAL, backoff, isFinalFailure, readEvents, wait } from "./live.ts";

/** How many rows of a list may hold an event stream at once. */
export const MAX_LIVE_ROWS = 3;
const POLL_MS = 4000;
const MAX_STREAM_FAILURES = 3;

interface Summary {
  id: string;
  status: string;
}

export function LiveStatus({ execution, live }: { execution: Summary; live: boolean }) {
  const { api, ws } = useWorkspace();
  const [status, setStatus] = useState(execution.status);
  const [error, setError] = useState<unknown>(undefined);
  const id = execution.id;
  const initial = execution.status;

  useEffect(() => {
    if (TERMINAL.has(initial)) return;
    const abort = new AbortController();
    let now = initial;
    let lastEventId: string | undefined;
    const update = (next: string) => {
      now = next;
      setStatus(next);
    };
    async function stream(): Promise<boolean> {
      const res = await api.v1.workspaces[":ws"].executions[":id"].events.$get(
        { param: { ws, id }, header: lastEventId ? { "last-event-id": lastEventId } : {} },
        { init: { signal: abort.signal } },
      );
      if (!res.ok || !res.body) return false;
      const received = await readEvents(
        res.body,
        (event) => {
          if (event.id) lastEventId = event.id;
          if (event.event === "execution") update((JSON.parse(event.data) as Summary).status);
        },
        () => TERMINAL.has(now),
      );
      // A clean end with no events is no progress: it counts as a failure.
      return received > 0;
    }
    /** False when polling must stop (a 4xx other than 429), after showing the error. */
    async function poll(): Promise<boolean> {
      try {
        const polled = await ok(
          api.v1.workspaces[":ws"].executions[":id"].$get({ param: { ws, id } }),
        );
        update(polled.status);
      } catch (failure) {
        if (isFinalFailure(failure)) {
          if (!abort.signal.aborted) setError(failure);
          return false;
        }
      }
      return true;
    }
    async function follow() {
      let failures = 0;
      while (!abort.signal.aborted && !TERMINAL.has(now)) {
        if (live && failures < MAX_STREAM_FAILURES) {
          const progressed = await stream().catch(() => false);
          if (abort.signal.aborted || TERMINAL.has(now)) return;
          failures = progressed ? 0 : failures + 1;
          // Always wait before reconnecting, even after a clean end.
          await wait(abort.signal, backoff(Math.max(1, failures)));
          continue;
        }
        // Not followed live, or the stream keeps failing: re-read the execution.
        await wait(abort.signal, POLL_MS);
        if (abort.signal.aborted || !(await poll())) return;
      }
    }
    follow();
    return () => abort.abort();
  }, [api, ws, id, initial, live]);

  return (
    <div data-testid="row-status" data-live={live && !TERMINAL.has(status) ? "stream" : "poll"}>
      <StatusBadge status={status} />
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}
