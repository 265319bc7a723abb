// A list row's status kept current: a row still queued or running follows its execution's event
// stream (status events only) until it finishes, then shows the final status and duration.
import { useEffect, useState } from "react";
import { ok } from "../../lib/api.ts";
import { useWorkspace } from "../../lib/auth.tsx";
import { StatusBadge } from "../../ui/badge.tsx";
import { TERMINAL, parseEvents } from "./live.ts";

interface Summary {
  id: string;
  status: string;
}

export function LiveStatus({ execution }: { execution: Summary }) {
  const { api, ws } = useWorkspace();
  const [status, setStatus] = useState(execution.status);
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
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return true;
        const parsed = parseEvents(buffer + value);
        buffer = parsed.rest;
        for (const event of parsed.events) {
          if (event.id) lastEventId = event.id;
          if (event.event === "execution") update((JSON.parse(event.data) as Summary).status);
        }
        if (TERMINAL.has(now)) return true;
      }
    }
    async function follow() {
      let failures = 0;
      while (!abort.signal.aborted && !TERMINAL.has(now)) {
        const clean = failures < 3 ? await stream().catch(() => false) : false;
        if (abort.signal.aborted || TERMINAL.has(now)) return;
        if (clean) continue;
        failures++;
        await new Promise((resolve) => setTimeout(resolve, 3000));
        if (failures >= 3 && !abort.signal.aborted) {
          // The stream keeps failing: poll the execution instead.
          const polled = await ok(
            api.v1.workspaces[":ws"].executions[":id"].$get({ param: { ws, id } }),
          ).catch(() => null);
          if (polled) update(polled.status);
        }
      }
    }
    follow();
    return () => abort.abort();
  }, [api, ws, id, initial]);

  return (
    <span data-testid="row-status">
      <StatusBadge status={status} />
    </span>
  );
}
