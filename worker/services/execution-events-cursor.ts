// Live status's event ids: where a client is in an execution's story, so a reconnect with
// Last-Event-ID sends exactly what it has not seen (docs/LIVE-STATUS.md "Event ids").
import type { StepResult } from "../../engine/run.ts";
import type { ExecutionStatus } from "../../execution/status.ts";
import type { Execution } from "../db/executions.ts";

/** The steps a client has and the phase of the last status it saw; both only ever grow. */
export interface Cursor {
  steps: number;
  phase: number;
}

export type LiveEvent =
  | { event: "execution"; id: string; data: Execution }
  | { event: "step"; id: string; data: StepResult };

export function isTerminal(status: ExecutionStatus): boolean {
  return status !== "queued" && status !== "running";
}

/**
 * A number that grows with every status change: each claim adds one to `attempts`, and a
 * reclaimed run goes back to `queued` under the same count (running → queued → running …).
 */
export function phaseOf(status: ExecutionStatus, attempts: number): number {
  if (status === "queued") return 2 * attempts;
  if (status === "running") return 2 * attempts - 1;
  return 2 * attempts + 1;
}

export function formatEventId(cursor: Cursor): string {
  return `${cursor.steps}-${cursor.phase}`;
}

const EVENT_ID = /^(\d{1,4})-(\d{1,6})$/;

/** The cursor an event id stands for; null when the text is not one of ours. */
export function parseEventId(value: string): Cursor | null {
  const match = EVENT_ID.exec(value.trim());
  if (!match) return null;
  return { steps: Number(match[1]), phase: Number(match[2]) };
}

/** True when the execution has something the client at `cursor` has not seen. */
export function hasMoved(
  cursor: Cursor,
  progress: { status: ExecutionStatus; attempts: number; stepCount: number },
): boolean {
  return (
    progress.stepCount > cursor.steps ||
    phaseOf(progress.status, progress.attempts) > cursor.phase ||
    isTerminal(progress.status)
  );
}

/**
 * The events that bring a client from `cursor` (null: it has nothing) to `execution`, in the
 * order a live stream sends them: a new status first, then the steps it has not seen — except
 * that a terminal status comes after the last steps, since it ends the stream. A fresh client
 * always gets the summary first. `done` when the client now has the terminal status.
 */
export function eventsSince(
  cursor: Cursor | null,
  execution: Execution,
): { events: LiveEvent[]; cursor: Cursor; done: boolean } {
  const phase = phaseOf(execution.status, execution.attempts);
  const terminal = isTerminal(execution.status);
  const at: Cursor = cursor ? { ...cursor } : { steps: 0, phase: -1 };
  const events: LiveEvent[] = [];
  const sendStatus = () => {
    at.phase = phase;
    events.push({ event: "execution", id: formatEventId(at), data: execution });
  };
  const sendSteps = () => {
    while (at.steps < execution.stepResults.length) {
      const step = execution.stepResults[at.steps] as StepResult;
      at.steps += 1;
      events.push({ event: "step", id: formatEventId(at), data: step });
    }
  };
  const changed = cursor === null || phase > cursor.phase;
  if (changed && (!terminal || cursor === null)) {
    sendStatus();
    sendSteps();
  } else {
    sendSteps();
    if (changed) sendStatus();
  }
  return { events, cursor: at, done: terminal };
}
