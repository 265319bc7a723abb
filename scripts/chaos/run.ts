// `npm run chaos`: the faults the product must survive, against its own stack (PostgreSQL
// pg-chaos on 127.0.0.1:24370, `wrangler dev` on 127.0.0.1:24373, loopback only):
//   database   PostgreSQL stopped mid-run: 503 `unavailable`, nothing started, recovery by itself,
//              in-flight runs retry their writes (not their HTTP calls) and succeed;
//   trigger    the Trigger.dev stand-in down for a minute under a burst: queued, then dispatched
//              by the sweeper exactly once each;
//   restart    the worker killed and restarted mid-burst (inline runner): every execution terminal
//              within the sweeper's window;
//   rate       rate limits set low: 429 with Retry-After for the busy user / workspace only;
//   concurrency  slow vendor answers: calls open at once per workspace = the limit, at the target;
//   longrun    vendor answers slower than a short stale window: no live run reclaimed, each step
//              called once;
//   lost-run   runs accepted and lost before their claim (EXPIRED, CRASHED): reconciliation
//              replaces them, all terminal, the vendor once per step;
//   trigger-faults  Trigger.dev answering 5xx, accepting without answering, and runs killed
//              mid-call then retried: all succeed, a step repeats only if open at a kill;
//   backlog    two sweepers under 10,000 queued rows: each dispatched once, drained at the
//              dispatch rate of one sweeper or better;
//   outage60   PostgreSQL down 60 s while runs are mid-step, inline runner and Trigger.dev task:
//              all succeed once it is back, each step sent once, no run reclaimed, none lost;
//   hang       the path to PostgreSQL goes silent (no RST, no FIN) mid-step: 503 `unavailable`
//              while it hangs, every execution succeeds once it is back; a silent vendor times out;
//   rotation   credentials:rotate re-seals every credential mid-burst (key ring 1 → 1,2): none
//              `credential_error`; then the worker runs with key 1 removed.
// Prints PASS/FAIL per claim, exits non-zero when one fails. Options: --only=database,trigger,…
// and --quick (a 10 s Trigger.dev outage, a 15 s database outage, a 20 s hang, smaller bursts
// and a 2,000-row backlog, for a fast look).
import { Claims } from "../lib/burst.ts";
import { concurrencyAtTarget } from "./concurrency.ts";
import { backlogDrain } from "./backlog.ts";
import { databaseOutage } from "./database.ts";
import { databaseHang } from "./hang.ts";
import { longRun } from "./longrun.ts";
import { lostRuns } from "./lost-run.ts";
import { databaseOutage60 } from "./outage60.ts";
import { rateLimits } from "./rate-limits.ts";
import { workerRestart } from "./restart.ts";
import { keyRotation } from "./rotation.ts";
import { type ChaosStack, startChaosStack } from "./stack.ts";
import { triggerFaults } from "./trigger-faults.ts";
import { triggerOutage } from "./trigger-outage.ts";

const SCENARIOS = [
  "database",
  "trigger",
  "restart",
  "rate",
  "concurrency",
  "longrun",
  "lost-run",
  "trigger-faults",
  "backlog",
  "outage60",
  "hang",
  "rotation",
] as const;
type Scenario = (typeof SCENARIOS)[number];

const quick = process.argv.includes("--quick");
const onlyArg = process.argv.find((a) => a.startsWith("--only="));
const only = onlyArg ? (onlyArg.slice("--only=".length).split(",") as Scenario[]) : [...SCENARIOS];
for (const name of only) {
  if (!SCENARIOS.includes(name))
    throw new Error(`unknown scenario ${name}: ${SCENARIOS.join(", ")}`);
}

let stack: ChaosStack | undefined;

async function main(): Promise<void> {
  const started = Date.now();
  const claims = new Claims();
  process.on("SIGINT", () => {
    (stack?.close() ?? Promise.resolve()).finally(() => process.exit(130));
  });
  stack = await startChaosStack();
  const runs: Record<Scenario, () => Promise<void>> = {
    database: () => databaseOutage(stack as ChaosStack, claims),
    trigger: () =>
      triggerOutage(stack as ChaosStack, claims, {
        executions: quick ? 200 : 500,
        outageSeconds: quick ? 10 : 60,
      }),
    restart: () => workerRestart(stack as ChaosStack, claims, { executions: quick ? 150 : 300 }),
    rate: () => rateLimits(stack as ChaosStack, claims),
    concurrency: () =>
      concurrencyAtTarget(stack as ChaosStack, claims, { perWorkspace: quick ? 20 : 40 }),
    longrun: () => longRun(stack as ChaosStack, claims, { executions: quick ? 10 : 25 }),
    "lost-run": () => lostRuns(stack as ChaosStack, claims, { executions: quick ? 90 : 300 }),
    "trigger-faults": () =>
      triggerFaults(stack as ChaosStack, claims, { executions: quick ? 150 : 400 }),
    backlog: () =>
      backlogDrain(stack as ChaosStack, claims, { rows: quick ? 2_000 : 10_000, probe: 300 }),
    outage60: () =>
      databaseOutage60(stack as ChaosStack, claims, { outageSeconds: quick ? 15 : 60 }),
    hang: () =>
      databaseHang(stack as ChaosStack, claims, {
        executions: quick ? 20 : 40,
        // longer than the worker's transaction timeout (15 s), or it would prove nothing
        hangSeconds: quick ? 20 : 30,
      }),
    rotation: () => keyRotation(stack as ChaosStack, claims, { executions: quick ? 100 : 200 }),
  };
  for (const name of only) {
    const scenarioStarted = Date.now();
    stack.say(`— ${name} —`);
    try {
      await runs[name]();
    } catch (error) {
      claims.check(
        `${name}: scenario ran to the end`,
        false,
        error instanceof Error ? error.message : String(error),
      );
      // A scenario that failed half-way may leave the database stopped.
      await stack.startDatabase().catch(() => {});
    }
    claims.info(`${name}: took`, `${((Date.now() - scenarioStarted) / 1000).toFixed(0)} s`);
  }
  claims.info(
    "total",
    `${((Date.now() - started) / 1000).toFixed(0)} s${quick ? " (--quick)" : ""}`,
  );
  claims.print("npm run chaos — summary");
  process.exitCode = claims.failed === 0 ? 0 : 1;
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stack?.close();
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });
