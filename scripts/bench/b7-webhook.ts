// B7 under the worker runtime (`wrangler dev`, workerd), Trigger.dev runner (a local stand-in
// that accepts runs and starts none): a signed webhook delivery (verify the signature, insert
// the execution, dispatch it) against `POST …/connectors/:id/executions` with a bearer token
// (verify the token, membership, insert, dispatch). Workerd CPU per request; each round sends
// REQUESTS of the baseline, then REQUESTS of the subject, CONCURRENCY at a time, every body new.
import { signDelivery } from "../lib/webhook-signature.ts";
import { call } from "../lib/burst.ts";
import { type DispatchStack, startOne } from "./lib/dispatch-stack.ts";
import { median } from "./lib/paired.ts";
import { commandLine, cpuMs } from "./lib/proc.ts";
import type { BenchLine } from "./lib/report.ts";

const REQUESTS = 60;
const CONCURRENCY = 4;
/** Hooks in rotation: each allows 600 deliveries a minute. */
const HOOKS = 8;

type Hook = { url: string; secret: string };

async function createHooks(stack: DispatchStack): Promise<Hook[]> {
  const owner = stack.tokens[0] ?? "";
  const hooks: Hook[] = [];
  for (let i = 0; i < HOOKS; i++) {
    const answer = await call<{ id: string; secret: string }>(
      stack.base,
      owner,
      "POST",
      `/v1/workspaces/${stack.workspaceId}/connectors/${stack.connectorId}/webhooks`,
      { description: `bench ${i + 1}` },
    );
    if (answer.status !== 201) throw new Error(`B7: webhook → ${answer.status} ${answer.text}`);
    hooks.push({ url: `${stack.base}/v1/hooks/${answer.body.id}`, secret: answer.body.secret });
  }
  return hooks;
}

/** Workerd CPU per request over `REQUESTS` sends of `send(n)` (n unique), and the failures. */
async function cpuPerRequest(
  stack: DispatchStack,
  send: (n: number) => Promise<number>,
  requests = REQUESTS,
) {
  const runtime = commandLine(stack.runtimePid);
  const before = cpuMs([stack.runtimePid]);
  let next = 0;
  let failures = 0;
  const client = async () => {
    while (next < requests) {
      const n = next++;
      if ((await send(n)) !== 202) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  // Each request's waitUntil work (closing its database client) ends inside the window.
  await new Promise((resolve) => setTimeout(resolve, 250));
  if (runtime === "" || commandLine(stack.runtimePid) !== runtime) {
    throw new Error("B7: the workerd runtime restarted during a run; its CPU time is lost");
  }
  return { cpu: (cpuMs([stack.runtimePid]) - before) / requests, failures };
}

export async function runB7(stack: DispatchStack, rounds: number): Promise<BenchLine> {
  const say = (message: string) => console.error(`  B7: ${message}`);
  const hooks = await createHooks(stack);
  say(`${hooks.length} hooks; warming up`);
  let serial = 0;
  const deliver = async (n: number) => {
    const hook = hooks[n % hooks.length] as Hook;
    const body = JSON.stringify({ email: `b7-hook-${serial++}@bench.test` });
    const res = await fetch(hook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "connectors-signature": signDelivery(hook.secret, body),
      },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  };
  const start = async (n: number) => {
    const token = stack.tokens[n % stack.tokens.length] ?? "";
    return (await startOne(stack, token, { email: `b7-start-${serial++}@bench.test` })).status;
  };
  for (const send of [start, deliver]) {
    const status = await send(0);
    if (status !== 202) throw new Error(`B7: warm-up request answered ${status}`);
  }
  await cpuPerRequest(stack, start, REQUESTS / 4);
  await cpuPerRequest(stack, deliver, REQUESTS / 4);
  const starts: number[] = [];
  const deliveries: number[] = [];
  const ratios: number[] = [];
  let failures = 0;
  for (let i = 0; i < rounds; i++) {
    say(`round ${i + 1} of ${rounds}`);
    const baseline = await cpuPerRequest(stack, start);
    const subject = await cpuPerRequest(stack, deliver);
    starts.push(baseline.cpu);
    deliveries.push(subject.cpu);
    ratios.push(subject.cpu / baseline.cpu);
    failures += baseline.failures + subject.failures;
  }
  const triggered = stack.standIn.calls.filter((c) => !c.cached).length;
  return {
    id: "B7",
    name: "webhook delivery vs POST executions (bearer), workerd CPU/request",
    value: failures === 0 ? median(ratios) : Number.NaN,
    goal: { max: 1, unit: "x" },
    detail: `POST executions ${median(starts).toFixed(2)} ms, webhook ${median(deliveries).toFixed(2)} ms; ${rounds} rounds of ${REQUESTS} each, ${CONCURRENCY} at a time, ${HOOKS} hooks; ${failures} not 202; ${triggered} runs handed to the Trigger.dev stand-in`,
  };
}
