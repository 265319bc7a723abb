// Key rotation during a burst (docs/DEPLOY.md "Rotating the credentials key"): the worker's key
// ring gets a version 2 while every credential is still sealed under version 1, a burst runs on
// the inline runner, and `credentials:rotate` re-seals every credential mid-burst. Every execution
// succeeds (none `credential_error`), each step is called once at the target, and every credential
// ends on version 2 — so the worker then restarts with version 1 removed and a second burst still
// succeeds.
import { generateKey, type Keyring, parseKeyring } from "../../engine/crypto.ts";
import { EXECUTION_ENV as EXEC } from "../../execution/env-names.ts";
import { type BurstResult, type Claims, startBurst, waitTerminal } from "../lib/burst.ts";
import { DEV_CREDENTIALS_KEYS } from "../lib/local-defaults.ts";
import { rotateAll } from "../lib/rotate.ts";
import { driveSweeper } from "../lib/wrangler-dev.ts";
import { checkParked, parkRuns, releaseParked } from "./rotation-resume.ts";
import { type ChaosStack, until } from "./stack.ts";
import { onceAndNoneLost } from "./verdicts.ts";

const WINDOW_SECONDS = 120;

export async function keyRotation(
  stack: ChaosStack,
  claims: Claims,
  options: { executions: number },
): Promise<void> {
  const { target, tenants, connectors, say } = stack;
  const [oldKey] = DEV_CREDENTIALS_KEYS.split(",");
  const newKey = `2:${generateKey()}`;
  const bothKeys = `${oldKey},${newKey}`;
  const workspaceIds = tenants.map((t) => t.workspaceId);
  const versions = async () =>
    stack.sql<{ version: number; n: number }[]>`
      select key_version as version, count(*)::int as n
      from connectors.workspace_api_credentials group by key_version order by 1`;
  const describe = (rows: { version: number; n: number }[]) =>
    rows.map((r) => `v${r.version}: ${r.n}`).join(", ") || "none";

  say("rotation: parking runs with step values sealed under key 1 (worker killed mid-step)");
  const parked = await parkRuns(stack, 5);
  const before = await versions();
  claims.check(
    "rotation: every credential sealed under key version 1 before the burst",
    before.length === 1 && before[0]?.version === 1,
    describe(before),
  );
  say("rotation: the worker's key ring gets a version 2; bursting");
  await stack.restartWorker({ ...parked.vars, [EXEC.credentialsKeys]: bothKeys });
  target.clear();
  target.setDelay(200);
  const [mark] = await stack.sql<{ at: Date }[]>`select now() as at`;
  const since = mark?.at ?? new Date();

  let rotatedAtCalls = 0;
  const rotation = (async () => {
    await until(() => target.calls.length >= options.executions / 3, 120_000, 50);
    rotatedAtCalls = target.calls.length;
    say(`rotation: credentials:rotate with ${rotatedAtCalls} target calls made`);
    return rotateAll(stack.sql, parseKeyring(bothKeys), { batchSize: 2 });
  })();
  // As the cron would: an execution the inline runner defers at the limit waits for a sweep.
  const firstSweeper = driveSweeper(stack.url, 2_000);
  const burst = await startBurst(stack.url, tenants, connectors, options.executions, 20);
  const report = await rotation;
  const done = await waitTerminal(
    stack.sql,
    burst.ids,
    burst.lastAcceptedAt + WINDOW_SECONDS * 1000,
  );
  await firstSweeper.stop();
  claims.check(
    "rotation: credentials:rotate re-sealed every credential while the burst ran",
    report.failed.length === 0 &&
      report.rotated >= workspaceIds.length &&
      report.checkpoints === parked.ids.length &&
      rotatedAtCalls < burst.ids.length,
    `${report.rotated} credentials and the sealed step values of ${report.checkpoints} running executions re-sealed, ${report.skipped} skipped, ${report.failed.length} failed, at ${rotatedAtCalls} of ${burst.ids.length} target calls`,
  );
  await verdicts(stack, claims, "rotation", burst, done, since);
  const after = await versions();
  claims.check(
    "rotation: every credential row ends on key version 2",
    after.length === 1 && after[0]?.version === 2,
    describe(after),
  );

  say("rotation: the worker restarts with key version 1 removed; bursting again");
  await stack.restartWorker(releaseParked(parked, newKey));
  target.clear();
  const sweeper = driveSweeper(stack.url, 2_000);
  const [secondMark] = await stack.sql<{ at: Date }[]>`select now() as at`;
  const second = await startBurst(stack.url, tenants, connectors, workspaceIds.length * 4, 10);
  const secondDone = await waitTerminal(
    stack.sql,
    second.ids,
    second.lastAcceptedAt + WINDOW_SECONDS * 1000,
  );
  await verdicts(
    stack,
    claims,
    "rotation (old key removed)",
    second,
    secondDone,
    secondMark?.at ?? new Date(),
  );
  await checkParked(stack, claims, parked);
  await sweeper.stop();
  target.setDelay(0);
  // The scenarios after this one run with the stack's own key (version 1): seal them back.
  const oldRing = parseKeyring(oldKey);
  const newRing = parseKeyring(newKey);
  const back: Keyring = {
    currentVersion: 1,
    versions: [1, 2],
    key: (version) => (version === 2 ? newRing : oldRing).key(version),
  };
  const restored = await rotateAll(stack.sql, back);
  if (restored.failed.length > 0)
    throw new Error("sealing the credentials back under key 1 failed");
}

async function verdicts(
  stack: ChaosStack,
  claims: Claims,
  name: string,
  burst: BurstResult,
  done: Awaited<ReturnType<typeof waitTerminal>>,
  since: Date,
) {
  const [errors] = await stack.sql<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions
    where id = any(${burst.ids}::uuid[]) and error ->> 'kind' = 'credential_error'`;
  claims.check(
    `${name}: every execution succeeded, none credential_error`,
    burst.refused.size === 0 &&
      (done.byStatus.succeeded ?? 0) === burst.ids.length &&
      (errors?.n ?? 0) === 0,
    `${burst.ids.length} accepted; ${JSON.stringify(done.byStatus)}; credential_error ${errors?.n ?? 0}`,
  );
  await onceAndNoneLost(stack, claims, name, burst.ids, since);
}
