// B6 under the worker runtime (`wrangler dev`, workerd): what one open live-status stream
// (GET …/executions/:id/events on a running execution that does not move) costs the worker per
// minute, against the CPU of one list request (GET …/connectors, the same as B3).
// Each round: 60 list requests (4 at a time), then STREAMS (100) streams held open; once the
// back-off has reached its cap (250 ms doubling to 10 s: ~16 s), the workerd CPU over WINDOW_MS
// (a multiple of the 10 s poll and the 15 s heartbeat) is divided among the streams and scaled to
// a minute. That figure keeps the runtime's idle CPU in it, so it is an upper bound: since the
// streams share one poll per isolate (docs/LIVE-STATUS.md "Fan-in") they cost less than the idle
// runtime's noise, and subtracting idle (IDLE_MS just before, once quiet) is printed beside it.
import postgres from "postgres";
import { superuserUrl } from "../lib/local-defaults.ts";
import { PORTS } from "../lib/ports.ts";
import { median } from "./lib/paired.ts";
import { cpuMs } from "./lib/proc.ts";
import { type BenchLine, ms } from "./lib/report.ts";
import { type BenchStack, startBenchStack } from "./lib/stack.ts";

const STREAMS = 100;
const LISTS = 60;
const WARMUP_MS = 20_000;
const IDLE_MS = 10_000;
const WINDOW_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A running execution that will not move: the stream only polls. */
async function runningExecution(stack: BenchStack): Promise<string> {
  const sql = postgres(superuserUrl(PORTS.benchDatabase), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ id: string }[]>`
      insert into connectors.connector_executions
        (workspace_id, connector_id, definition, status, attempts, started_at, claimed_at,
         heartbeat_at, lease_id, runner, run_id)
      select workspace_id, id, definition, 'running', 1, now(), now(), now(),
             gen_random_uuid(), 'inline', 'bench'
      from connectors.connectors where workspace_id = ${stack.workspaceId} limit 1
      returning id`;
    if (!row) throw new Error("B6: no connector to run");
    return row.id;
  } finally {
    await sql.end();
  }
}

/** Database sessions of the worker's login role: one per open stream while it waits. */
async function workerSessions(): Promise<number> {
  const sql = postgres(superuserUrl(PORTS.benchDatabase), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where usename = 'connectors_api'`;
    return row?.n ?? 0;
  } finally {
    await sql.end();
  }
}

async function listCpu(stack: BenchStack): Promise<number> {
  const url = `${stack.base}/v1/workspaces/${stack.workspaceId}/connectors`;
  let next = 0;
  const one = async () => {
    next = (next + 1) % stack.tokens.length;
    const res = await fetch(url, { headers: { authorization: `Bearer ${stack.tokens[next]}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`B6: list answered ${res.status}`);
  };
  const before = cpuMs([stack.runtimePid]);
  for (let i = 0; i < LISTS; i += 4) await Promise.all([one(), one(), one(), one()]);
  await sleep(250);
  return (cpuMs([stack.runtimePid]) - before) / LISTS;
}

async function streamCpuPerMinute(stack: BenchStack, executionId: string) {
  const url = `${stack.base}/v1/workspaces/${stack.workspaceId}/executions/${executionId}/events`;
  const stop = new AbortController();
  let events = 0;
  const open = async (i: number) => {
    const token = stack.tokens[i % stack.tokens.length];
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: stop.signal,
    });
    if (res.status !== 200 || !res.body) throw new Error(`B6: stream answered ${res.status}`);
    const reader = res.body.getReader();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          events += new TextDecoder().decode(value).split("\n\n").length - 1;
        }
      } catch {
        // aborted at the end of the round
      }
    })();
  };
  // The previous round's streams wind down for a while after their clients left (see the
  // hang-up figures below): measured then, "idle" would hold their CPU and the subtraction below
  // would go negative. Wait until the runtime is quiet first.
  await waitQuiet(stack.runtimePid);
  const idleBefore = cpuMs([stack.runtimePid]);
  await sleep(IDLE_MS);
  const idle = ((cpuMs([stack.runtimePid]) - idleBefore) * WINDOW_MS) / IDLE_MS;
  await Promise.all(Array.from({ length: STREAMS }, (_, i) => open(i)));
  await sleep(WARMUP_MS);
  const before = cpuMs([stack.runtimePid]);
  const eventsBefore = events;
  await sleep(WINDOW_MS);
  const used = cpuMs([stack.runtimePid]) - before;
  const sent = events - eventsBefore;
  const sessionsOpen = await workerSessions();
  stop.abort();
  // Past the poll cap: a stream still polling after its client left would show as CPU here.
  await sleep(2_000);
  const afterBefore = cpuMs([stack.runtimePid]);
  await sleep(10_000);
  const after = cpuMs([stack.runtimePid]) - afterBefore;
  const left = await workerSessions();
  const perMinute = (cpu: number) => (cpu / STREAMS) * (60_000 / WINDOW_MS);
  return {
    // All of the runtime's CPU in the window, its idle included: an upper bound, which stays a
    // measurement when the streams cost less than the idle runtime's noise.
    perStreamMinute: perMinute(used),
    // The estimate with idle subtracted; null when the window used no more than idle did.
    estimate: used > idle ? perMinute(used - idle) : null,
    idle,
    sent,
    sessions:
      `${sessionsOpen} database sessions while open, ${left} 12 s after the clients hung up; ` +
      `CPU in the 10 s from 2 s after the hang-up ${ms(after)} (idle ${ms(idle / 3)})`,
  };
}

/** Waits (at most 60 s) until the process uses under 5% of a core over a 2 s slice. */
async function waitQuiet(pid: number): Promise<void> {
  const SLICE_MS = 2_000;
  for (let waited = 0; waited < 60_000; waited += SLICE_MS) {
    const before = cpuMs([pid]);
    await sleep(SLICE_MS);
    if (cpuMs([pid]) - before < SLICE_MS * 0.05) return;
  }
}

export async function runB6(rounds: number): Promise<BenchLine[]> {
  const say = (message: string) => console.error(`  ${message}`);
  const stack = await startBenchStack(say);
  try {
    const executionId = await runningExecution(stack);
    await listCpu(stack); // warm-up
    const lists: number[] = [];
    const streams: number[] = [];
    const estimates: string[] = [];
    const ratios: number[] = [];
    let detail = "";
    for (let round = 0; round < rounds; round++) {
      const list = await listCpu(stack);
      const stream = await streamCpuPerMinute(stack, executionId);
      lists.push(list);
      streams.push(stream.perStreamMinute);
      estimates.push(stream.estimate === null ? "below idle" : ms(stream.estimate));
      ratios.push(stream.perStreamMinute / list);
      detail = `idle ${ms(stream.idle)} per ${WINDOW_MS / 1000} s, ${stream.sent} events in the window, ${stream.sessions}`;
      say(
        `round ${round + 1}: list ${ms(list)}, stream at most ${ms(stream.perStreamMinute)}/min (idle subtracted: ${estimates.at(-1)})`,
      );
    }
    return [
      {
        id: "B6",
        name: "live-status stream CPU per minute vs one list request",
        value: median(ratios),
        goal: { max: 1, unit: "x" },
        detail: `stream at most ${ms(median(streams))} per minute (${STREAMS} streams; all the runtime's CPU in the window, idle not subtracted; with idle subtracted, per round: ${estimates.join(", ")}), list ${ms(median(lists))} per request, ${rounds} rounds; ${detail}`,
      },
    ];
  } finally {
    await stack.stop();
  }
}
