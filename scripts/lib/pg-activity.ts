// What the database's sessions are doing under load, sampled from pg_stat_activity once a second:
// connections, idle-in-transaction sessions, sessions waiting on a lock, the oldest open
// transaction; and, at the worst sample, which statements those sessions last ran (grouped), so
// a lock held across slow work shows by name.
import type postgres from "postgres";

export interface ActivitySample {
  total: number;
  idleInTransaction: number;
  waitingOnLock: number;
  oldestTransactionSeconds: number;
}

export interface ActivityReport {
  samples: number;
  peak: ActivitySample;
  /** At the sample with the most lock waiters: statement (first 120 chars) → sessions. */
  worst: { idle: [string, number][]; waiting: [string, number][] };
}

interface Row {
  state: string | null;
  waitType: string | null;
  query: string;
  xactSeconds: number | null;
}

export function sampleActivity(sql: postgres.Sql, everyMs = 1_000) {
  const peak: ActivitySample = {
    total: 0,
    idleInTransaction: 0,
    waitingOnLock: 0,
    oldestTransactionSeconds: 0,
  };
  let worst: ActivityReport["worst"] = { idle: [], waiting: [] };
  let worstWaiting = -1;
  let samples = 0;
  let stopped = false;
  const group = (rows: Row[]) => {
    const counts = new Map<string, number>();
    for (const r of rows) {
      const text = r.query.replace(/\s+/g, " ").trim().slice(0, 120);
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 4);
  };
  const loop = (async () => {
    while (!stopped) {
      try {
        const rows = await sql<Row[]>`
          select state, wait_event_type as "waitType", query,
                 extract(epoch from now() - xact_start)::float8 as "xactSeconds"
          from pg_stat_activity
          where backend_type = 'client backend' and pid <> pg_backend_pid()`;
        samples += 1;
        const idle = rows.filter((r) => r.state === "idle in transaction");
        const waiting = rows.filter((r) => r.waitType === "Lock");
        peak.total = Math.max(peak.total, rows.length);
        peak.idleInTransaction = Math.max(peak.idleInTransaction, idle.length);
        peak.waitingOnLock = Math.max(peak.waitingOnLock, waiting.length);
        const oldest = Math.max(0, ...rows.map((r) => r.xactSeconds ?? 0));
        peak.oldestTransactionSeconds = Math.max(peak.oldestTransactionSeconds, oldest);
        if (waiting.length > worstWaiting) {
          worstWaiting = waiting.length;
          worst = { idle: group(idle), waiting: group(waiting) };
        }
      } catch {
        // a sample lost to a busy server is skipped
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop(): Promise<ActivityReport> {
      stopped = true;
      await loop;
      return { samples, peak, worst };
    },
  };
}

export function activityLine(report: ActivityReport): string {
  const p = report.peak;
  return `peak ${p.total} connections, ${p.idleInTransaction} idle in transaction, ${p.waitingOnLock} waiting on a lock, oldest transaction ${p.oldestTransactionSeconds.toFixed(1)} s (${report.samples} samples)`;
}
