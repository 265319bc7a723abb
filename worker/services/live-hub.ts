// Fan-in for live status: the open streams of one isolate share one poll. When a read is due,
// one stream (the last that read, or whoever wakes first if it is gone) reads the progress of
// every execution the streams follow in a single query, with back-off; the others look at what
// it found, on their own timers, a moment later, and read as their caller (RLS) only when their
// own execution moved. docs/LIVE-STATUS.md "Fan-in".
//
// workerd ties every I/O object to the request that made it — a database socket, a timer, even
// the resolver of a promise another request awaits ("Cannot perform I/O on behalf of a
// different request") — so nothing here crosses requests but plain data: the shared read runs
// on the reading stream's own database client, and no stream wakes another.
import type { Database } from "../db/client.ts";
import {
  type ExecutionProgress,
  readWatchedProgress,
  type WatchedExecution,
} from "../db/execution-events.ts";

export interface Watch extends WatchedExecution {
  readonly pollMinMs: number;
  readonly pollMaxMs: number;
  /** The stream's own deadline: a watch still here a minute after it was left behind. */
  readonly until: number;
  /** What the last shared read found: undefined before it, null when gone or not visible. */
  seen: ExecutionProgress | null | undefined;
}

/** A read that has not finished after this long is taken for lost (its request went away). */
const LOST_READ_MS = 20_000;
/** A watch this long past its stream's deadline belongs to a request that ended unseen. */
const LEFT_BEHIND_MS = 60_000;

function sameProgress(a: ExecutionProgress | null | undefined, b: ExecutionProgress | null) {
  if (a === undefined) return false;
  if (a === null || b === null) return a === b;
  return a.status === b.status && a.attempts === b.attempts && a.stepCount === b.stepCount;
}

export class LiveHub {
  private readonly watches = new Set<Watch>();
  /** The stream that read last: it wakes at the due time, the others a moment after. */
  private reader: Watch | null = null;
  private readingSince: number | null = null;
  private wait = 0;
  /** When the next shared read is due. */
  nextPollAt = 0;
  /** Shared reads so far, and reads by a stream as its caller (for tests and benchmarks). */
  polls = 0;
  callerReads = 0;

  get size(): number {
    return this.watches.size;
  }

  /** How many streams follow `executionId`. */
  following(executionId: string): number {
    let n = 0;
    for (const watch of this.watches) if (watch.executionId === executionId) n += 1;
    return n;
  }

  /** A stream starts following: the next read comes soon, so its first answer does too. */
  join(watch: Watch, now: number): void {
    this.watches.add(watch);
    this.wait = watch.pollMinMs;
    const due = now + watch.pollMinMs;
    if (this.watches.size === 1 || due < this.nextPollAt) this.nextPollAt = due;
  }

  leave(watch: Watch): void {
    this.watches.delete(watch);
    if (this.reader === watch) this.reader = null;
  }

  /** True when a read is due and nobody is doing it. */
  due(now: number): boolean {
    const reading = this.readingSince !== null && now - this.readingSince < LOST_READ_MS;
    return !reading && now >= this.nextPollAt;
  }

  /**
   * When `watch` should look next: the reader at the due time; the others one poll-floor later,
   * when the read has most likely landed (or, if the reader has gone, to take it themselves).
   */
  lookAt(watch: Watch, now: number): number {
    const after = Math.max(this.nextPollAt, now);
    // With nobody reading yet, every stream comes at the due time and the first one reads.
    const reads = this.reader === watch || this.reader === null;
    return reads ? after : after + watch.pollMinMs;
  }

  /**
   * The shared read, on the caller's own client: every watch whose execution changed (or stopped
   * being visible) gets what was found; the back-off restarts when anything moved and doubles up
   * to the smallest poll cap among the watches otherwise.
   */
  async poll(watch: Watch, db: Database, now: () => number): Promise<void> {
    const at = now();
    for (const w of this.watches) if (at > w.until + LEFT_BEHIND_MS) this.watches.delete(w);
    const watches = [...this.watches];
    this.reader = watch;
    this.readingSince = at;
    try {
      this.polls += 1;
      const found = await db.asService((tx) => readWatchedProgress(tx, watches));
      let moved = false;
      let min = Infinity;
      let max = Infinity;
      watches.forEach((w, i) => {
        const next = found[i] ?? null;
        min = Math.min(min, w.pollMinMs);
        max = Math.min(max, w.pollMaxMs);
        if (sameProgress(w.seen, next)) return;
        w.seen = next;
        moved = true;
      });
      // A stream that joined during the read has not been looked at yet: read again soon.
      for (const w of this.watches) if (w.seen === undefined) moved = true;
      this.wait = moved ? min : Math.min(Math.max(this.wait, min) * 2, max);
      this.nextPollAt = now() + this.wait;
    } finally {
      this.readingSince = null;
    }
  }
}

const hubs = new Map<string, LiveHub>();

/** The isolate's hub for one database (a test process may serve several). */
export function liveHub(connectionString: string): LiveHub {
  let hub = hubs.get(connectionString);
  if (!hub) {
    hub = new LiveHub();
    hubs.set(connectionString, hub);
  }
  return hub;
}

/** Totals over the isolate's hubs (tests and benchmarks). */
export function liveHubTotals(): { streams: number; polls: number; callerReads: number } {
  const totals = { streams: 0, polls: 0, callerReads: 0 };
  for (const hub of hubs.values()) {
    totals.streams += hub.size;
    totals.polls += hub.polls;
    totals.callerReads += hub.callerReads;
  }
  return totals;
}

/** How many of the isolate's streams follow `executionId` (tests). */
export function liveHubFollowing(executionId: string): number {
  let n = 0;
  for (const hub of hubs.values()) n += hub.following(executionId);
  return n;
}
