// B3 and B4 under the worker runtime (`wrangler dev`, workerd), loopback only.
// B3: GET /v1/workspaces/:ws/connectors at a fixed rate (a quarter of the baseline's maximum:
//     at half, p99 measured queueing, not the route) against
//     GET /__bench/sql (one trivial query through the same per-request client): p99 latency and
//     workerd CPU per request.
// B4: the same list with the token verified (the real route) against the same list with the
//     token only decoded (GET /__bench/workspaces/:ws/connectors): workerd CPU per request.
// Each round runs baseline, real route, auth-off route back to back, so every pair is adjacent.
import { median, percentile } from "./lib/paired.ts";
import { closedLoop, type FixedRateResult, fixedRate, type Target } from "./lib/load.ts";
import { commandLine, cpuMs } from "./lib/proc.ts";
import type { BenchLine } from "./lib/report.ts";
import { type BenchStack, startBenchStack } from "./lib/stack.ts";

const RUN_MS = 5_000;

type Sample = {
  p50: number;
  p99: number;
  cpuPerRequest: number;
  devCpuPerRequest: number;
  sent: number;
  failures: number;
};

async function measure(target: Target, rate: number, stack: BenchStack): Promise<Sample> {
  const runtime = commandLine(stack.runtimePid);
  const before = cpuMs([stack.runtimePid]);
  const devBefore = cpuMs(stack.devPids);
  const result: FixedRateResult = await fixedRate(target, rate, RUN_MS);
  // Let each request's waitUntil (closing its database client) finish inside the window.
  await new Promise((resolve) => setTimeout(resolve, 250));
  if (runtime === "" || commandLine(stack.runtimePid) !== runtime) {
    throw new Error("B3: the workerd runtime restarted during a run; its CPU time is lost");
  }
  const sent = Math.max(1, result.sent);
  return {
    p50: percentile(result.latencies, 50),
    p99: percentile(result.latencies, 99),
    cpuPerRequest: (cpuMs([stack.runtimePid]) - before) / sent,
    devCpuPerRequest: (cpuMs(stack.devPids) - devBefore) / sent,
    sent: result.sent,
    failures: result.failures + result.skipped,
  };
}

export async function runB3B4(rounds: number): Promise<BenchLine[]> {
  const say = (message: string) => console.error(`  ${message}`);
  const stack = await startBenchStack(say);
  try {
    let next = 0;
    const bearer = () => {
      next = (next + 1) % stack.tokens.length;
      return { authorization: `Bearer ${stack.tokens[next]}` };
    };
    const sqlRoute: Target = { url: `${stack.base}/__bench/sql`, headers: () => ({}) };
    const listRoute: Target = {
      url: `${stack.base}/v1/workspaces/${stack.workspaceId}/connectors`,
      headers: bearer,
    };
    const unverifiedRoute: Target = {
      url: `${stack.base}/__bench/workspaces/${stack.workspaceId}/connectors`,
      headers: bearer,
    };
    for (const target of [sqlRoute, listRoute, unverifiedRoute]) {
      const res = await fetch(target.url, { headers: target.headers() });
      if (res.status !== 200)
        throw new Error(`B3: ${target.url} → ${res.status} ${await res.text()}`);
    }

    await closedLoop(sqlRoute, 8, 1_000);
    const probe = await closedLoop(sqlRoute, 8, 3_000);
    // No floor above a quarter: a rate past the baseline's maximum would measure a queue again.
    const rate = Math.max(1, Math.round(probe.rps / 4));
    say(
      `baseline maximum ${probe.rps.toFixed(0)} req/s; fixed rate ${rate} req/s, ${RUN_MS / 1000} s per run`,
    );

    for (const target of [sqlRoute, listRoute, unverifiedRoute]) {
      await fixedRate(target, rate, 1_500);
    }
    const samples = { sql: [] as Sample[], list: [] as Sample[], unverified: [] as Sample[] };
    for (let i = 0; i < rounds; i++) {
      samples.sql.push(await measure(sqlRoute, rate, stack));
      samples.list.push(await measure(listRoute, rate, stack));
      samples.unverified.push(await measure(unverifiedRoute, rate, stack));
    }
    const failures = [...samples.sql, ...samples.list, ...samples.unverified].reduce(
      (sum, s) => sum + s.failures,
      0,
    );
    const ratios = (subject: Sample[], baseline: Sample[], key: keyof Sample) =>
      median(subject.map((s, i) => s[key] / (baseline[i]?.[key] ?? Number.NaN)));
    const med = (list: Sample[], key: keyof Sample) => median(list.map((s) => s[key]));
    const dev = med([...samples.sql, ...samples.list, ...samples.unverified], "devCpuPerRequest");
    const context = `${rate} req/s (a quarter of ${probe.rps.toFixed(0)}), ${rounds} rounds of ${RUN_MS / 1000} s, ${failures} failed; wrangler dev's own hops ${dev.toFixed(2)} ms CPU/request, not counted`;
    return [
      {
        id: "B3",
        name: "list connectors vs select 1, p99 latency",
        value: ratios(samples.list, samples.sql, "p99"),
        goal: { max: 1.5, unit: "x" },
        detail: `p99 select 1 ${med(samples.sql, "p99").toFixed(1)} ms, list ${med(samples.list, "p99").toFixed(1)} ms (p50 ${med(samples.sql, "p50").toFixed(1)} / ${med(samples.list, "p50").toFixed(1)} ms); ${context}`,
      },
      {
        id: "B3",
        name: "list connectors vs select 1, workerd CPU/request",
        value: ratios(samples.list, samples.sql, "cpuPerRequest"),
        goal: { max: 1.3, unit: "x" },
        detail: `select 1 ${med(samples.sql, "cpuPerRequest").toFixed(2)} ms, list ${med(samples.list, "cpuPerRequest").toFixed(2)} ms; ${context}`,
      },
      {
        id: "B4",
        name: "list connectors, auth on vs off, workerd CPU/request",
        value: ratios(samples.list, samples.unverified, "cpuPerRequest"),
        goal: { max: 1.1, unit: "x" },
        detail: `auth off ${med(samples.unverified, "cpuPerRequest").toFixed(2)} ms, on ${med(samples.list, "cpuPerRequest").toFixed(2)} ms; ${context}`,
      },
    ];
  } finally {
    await stack.stop();
  }
}
