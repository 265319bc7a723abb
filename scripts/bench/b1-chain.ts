// B1: a 5-step chain through the engine's runSteps (each step's URL uses a value extracted from
// the previous response) against a local echo server, 200 chains per run, persistence off.
// Baseline: the same five requests with plain fetch and the extraction written by hand.
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

const CHAINS = 200;
const STEPS = 5;
const SECRET = "sk_bench_4f1c9a77e2b04d7f";

type Page = { next: string; items: { id: string }[] };

async function startEcho(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, "echo-server.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const [chunk] = (await Promise.race([
    once(child.stdout as NodeJS.ReadableStream, "data"),
    new Promise((_, reject) => setTimeout(() => reject(new Error("echo server silent")), 10_000)),
  ])) as [Buffer];
  return { port: Number(String(chunk).trim()), child };
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

export async function runB1(runs: number): Promise<BenchLine> {
  const echo = await startEcho();
  try {
    const origin = `http://127.0.0.1:${echo.port}`;
    const definition = chainDefinition(origin);
    const context: RunContext = {
      input: { start: "t0" },
      credentials: { api_token: { value: SECRET, allowedHosts: [`127.0.0.1:${echo.port}`] } },
    };
    const deps: RunDeps = { fetch, policy: parseAllowList(`127.0.0.1:${echo.port}`) };

    const check = await runSteps(definition, context, deps);
    if (check.status !== "succeeded" || typeof check.output.s5?.next !== "string") {
      throw new Error(`B1: the engine chain did not succeed: ${JSON.stringify(check.error)}`);
    }

    const chains = (run: () => Promise<unknown>) => () =>
      timed(async () => {
        for (let i = 0; i < CHAINS; i++) await run();
      });
    const engine = (runDeps: RunDeps) => async () => {
      const result = await runSteps(definition, context, runDeps);
      if (result.status !== "succeeded") throw new Error("B1: a chain failed");
    };
    const result = await paired(
      runs,
      chains(() => handWritten(origin, fetch)),
      chains(engine(deps)),
    );
    // The same pairs with an in-process fetch: the engine's own cost per step, for the record.
    const local = inProcessFetch();
    const offline = await paired(
      runs,
      chains(() => handWritten(origin, local)),
      chains(engine({ ...deps, fetch: local })),
    );
    const perStep = (msPerRun: number) => (msPerRun * 1000) / (CHAINS * STEPS);
    return {
      id: "B1",
      name: "5-step chain, engine vs plain fetch",
      value: result.ratio,
      goal: { max: 1.1, unit: "x" },
      detail: `${CHAINS} chains/run, ${runs} pairs; fetch ${ms(result.baseline)}, engine ${ms(result.subject)}; per step ${perStep(result.baseline).toFixed(0)} vs ${perStep(result.subject).toFixed(0)} µs; with an in-process fetch ${perStep(offline.baseline).toFixed(0)} vs ${perStep(offline.subject).toFixed(0)} µs`,
    };
  } finally {
    echo.child.stdin?.end();
    echo.child.kill();
  }
}
