// B1: a 5-step chain through the engine's runSteps (each step's URL uses a value extracted from
// the previous response) against a local echo server, persistence off.
// - B1a: against the loopback echo, 200 chains per run. Baseline: the same five requests with
//   plain fetch and the extraction written by hand.
// - B1b: the same against an echo that answers 20 ms late (a fast real API), 10 chains per run.
// - B1c (b1c-newman.ts): newman running the same collection ÷ the engine.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import type { ConnectorDefinition } from "../../engine/definition.ts";
import { parseAllowList } from "../../engine/outbound.ts";
import { USER_AGENT } from "../../engine/request.ts";
import { type RunContext, type RunDeps, runSteps } from "../../engine/run.ts";
import { chainPage } from "./lib/chain-page.ts";
import { paired, timed } from "./lib/paired.ts";
import { type BenchLine, ms } from "./lib/report.ts";

export const STEPS = 5;
export const SECRET = "sk_bench_4f1c9a77e2b04d7f";

type Page = { next: string; items: { id: string }[] };

export type Echo = { port: number; origin: string; stop: () => void };

/** The echo server in a process of its own; `delayMs` makes every answer that much late. */
export async function startEcho(delayMs = 0): Promise<Echo> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(import.meta.dirname, "echo-server.ts"), String(delayMs)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const [chunk] = (await Promise.race([
    once(child.stdout as NodeJS.ReadableStream, "data"),
    new Promise((_, reject) => setTimeout(() => reject(new Error("echo server silent")), 10_000)),
  ])) as [Buffer];
  const port = Number(String(chunk).trim());
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    stop: () => {
      child.stdin?.end();
      child.kill();
    },
  };
}

export function chainDefinition(origin: string): ConnectorDefinition {
  return {
    steps: Array.from({ length: STEPS }, (_, i) => ({
      id: `s${i + 1}`,
      request: {
        method: "GET" as const,
        url: `${origin}/chain/${i === 0 ? "{{input.start}}" : `{{steps.s${i}.next}}`}`,
        auth: { type: "bearer" as const, credential: "api_token" },
      },
      extract: { next: "$.next", first: "$.items[0].id" },
    })),
  };
}

/** The engine's side of every B1 row: `run()` is one chain, checked. */
export async function engineChain(echo: Echo): Promise<() => Promise<void>> {
  const definition = chainDefinition(echo.origin);
  const context: RunContext = {
    input: { start: "t0" },
    credentials: { api_token: { value: SECRET, allowedHosts: [`127.0.0.1:${echo.port}`] } },
  };
  const deps: RunDeps = { fetch, policy: parseAllowList(`127.0.0.1:${echo.port}`) };
  const check = await runSteps(definition, context, deps);
  if (check.status !== "succeeded" || typeof check.output.s5?.next !== "string") {
    throw new Error(`B1: the engine chain did not succeed: ${JSON.stringify(check.error)}`);
  }
  return async () => {
    const result = await runSteps(definition, context, deps);
    if (result.status !== "succeeded") throw new Error("B1: a chain failed");
  };
}

/** `chains` chains one after the other: wall milliseconds. */
export const chainsOf = (chains: number, run: () => Promise<unknown>) => () =>
  timed(async () => {
    for (let i = 0; i < chains; i++) await run();
  });

/** The same pages without a network: what the engine itself adds, apart from the transport. */
function inProcessFetch(): typeof fetch {
  let counter = 0;
  return async (input) => {
    const token = /\/chain\/([^/?]+)/.exec(String(input))?.[1] ?? "";
    counter += 1;
    return new Response(chainPage(token, `t${counter}`), {
      headers: { "content-type": "application/json" },
    });
  };
}

async function handWritten(origin: string, fetch: typeof globalThis.fetch): Promise<string> {
  let token = "t0";
  let first = "";
  for (let i = 0; i < STEPS; i++) {
    const res = await fetch(`${origin}/chain/${encodeURIComponent(token)}`, {
      headers: { authorization: `Bearer ${SECRET}`, "user-agent": USER_AGENT },
      redirect: "manual",
    });
    if (res.status !== 200) throw new Error(`baseline step ${i + 1}: HTTP ${res.status}`);
    const page = JSON.parse(await res.text()) as Page;
    token = page.next;
    first = page.items[0]?.id ?? "";
  }
  return `${token}/${first}`;
}

const perStepUs = (msPerRun: number, chains: number) => (msPerRun * 1000) / (chains * STEPS);

/** B1a: the loopback echo, engine ÷ plain fetch, and the same pairs with an in-process fetch. */
export async function runB1a(runs: number): Promise<BenchLine> {
  const chains = 200;
  const echo = await startEcho();
  try {
    const engine = await engineChain(echo);
    const result = await paired(
      runs,
      chainsOf(chains, () => handWritten(echo.origin, fetch)),
      chainsOf(chains, engine),
    );
    // The same pairs with an in-process fetch: the engine's own cost per step, for the record.
    const local = inProcessFetch();
    const definition = chainDefinition(echo.origin);
    const context: RunContext = {
      input: { start: "t0" },
      credentials: { api_token: { value: SECRET, allowedHosts: [`127.0.0.1:${echo.port}`] } },
    };
    const localDeps: RunDeps = { fetch: local, policy: parseAllowList(`127.0.0.1:${echo.port}`) };
    const offline = await paired(
      runs,
      chainsOf(chains, () => handWritten(echo.origin, local)),
      chainsOf(chains, async () => {
        const r = await runSteps(definition, context, localDeps);
        if (r.status !== "succeeded") throw new Error("B1a: an in-process chain failed");
      }),
    );
    const fetchStep = perStepUs(result.baseline, chains);
    const engineStep = perStepUs(result.subject, chains);
    const localFetchStep = perStepUs(offline.baseline, chains);
    const localEngineStep = perStepUs(offline.subject, chains);
    return {
      id: "B1a",
      name: "5-step chain, engine vs plain fetch, loopback echo",
      value: result.ratio,
      goal: { max: 1.3, unit: "x" },
      detail: `${chains} chains/run, ${runs} pairs; fetch ${ms(result.baseline)}, engine ${ms(result.subject)}; per step ${fetchStep.toFixed(0)} vs ${engineStep.toFixed(0)} µs; with an in-process fetch ${localFetchStep.toFixed(0)} vs ${localEngineStep.toFixed(0)} µs`,
      raw: {
        baselineMs: result.baseline,
        subjectMs: result.subject,
        fetchStepUs: fetchStep,
        engineStepUs: engineStep,
        inProcessFetchStepUs: localFetchStep,
        inProcessEngineStepUs: localEngineStep,
      },
    };
  } finally {
    echo.stop();
  }
}

/** B1b: the same chain against an echo that answers 20 ms late. */
export async function runB1b(runs: number): Promise<BenchLine> {
  const chains = 10;
  const delayMs = 20;
  const echo = await startEcho(delayMs);
  try {
    const engine = await engineChain(echo);
    const result = await paired(
      runs,
      chainsOf(chains, () => handWritten(echo.origin, fetch)),
      chainsOf(chains, engine),
    );
    return {
      id: "B1b",
      name: "5-step chain, engine vs plain fetch, echo answering after 20 ms",
      value: result.ratio,
      goal: { max: 1.01, unit: "x" },
      detail: `${chains} chains/run, ${runs} pairs; fetch ${ms(result.baseline)}, engine ${ms(result.subject)}; per step ${perStepUs(result.baseline, chains).toFixed(0)} vs ${perStepUs(result.subject, chains).toFixed(0)} µs`,
      raw: { baselineMs: result.baseline, subjectMs: result.subject, delayMs },
    };
  } finally {
    echo.stop();
  }
}
