// The part of the rotation scenario that needs a resumed execution: runs of a two-step connector
// left `running` by a killed worker, step 1 committed with its tainted values sealed under key
// version 1 (`step_taint`), step 2 in flight at a vendor that never answers. After rotation the
// worker runs with version 1 removed and reclaims them: they resume after step 1 — opening the
// re-sealed values — and succeed without sending step 1 again.
import { EXECUTION_ENV as EXEC } from "../../execution/env-names.ts";
import { DISPATCH_GRACE_SECONDS } from "../../worker/services/sweeper.ts";
import {
  BURST_CREDENTIAL,
  burstDefinition,
  call,
  type Claims,
  seedTenants,
  waitTerminal,
} from "../lib/burst.ts";
import { stepKey } from "../lib/counting-target.ts";
import { type SilentVendor, startSilentVendor } from "../lib/silent-vendor.ts";
import { portInUse } from "../lib/ports.ts";
import { type ChaosStack, TOKEN, until, WORKER_PORT } from "./stack.ts";

const PARK_CREDENTIAL = "park_secret";
const STALE_CLAIM_SECONDS = 10;

export interface ParkedRuns {
  ids: string[];
  vendor: SilentVendor;
  /** Calls of step 1 at the target per execution, before the worker was killed. */
  firstCalls: Map<string, number>;
  /** The vars a worker needs to reach the vendor. */
  vars: Record<string, string>;
}

export async function parkRuns(stack: ChaosStack, count: number): Promise<ParkedRuns> {
  const { target } = stack;
  // A workspace of its own: the dead runs hold its concurrency slots until they are reclaimed.
  const [tenant] = await seedTenants(stack.sql, 1, 0);
  const ws = tenant?.workspaceId ?? "";
  const owner = tenant?.users[0]?.token ?? "";
  const vendor = await startSilentVendor();
  const vars = { RUNNER: "inline", [EXEC.outboundAllowHosts]: `${target.host},${vendor.host}` };
  await stack.restartWorker(vars);
  const targetToken = await call(
    stack.url(),
    owner,
    "PUT",
    `/v1/workspaces/${ws}/credentials/${BURST_CREDENTIAL}`,
    {
      value: TOKEN,
      allowedHosts: [target.host],
    },
  );
  // A credential the first step sends in its body: its response is tainted by it.
  const put = await call(
    stack.url(),
    owner,
    "PUT",
    `/v1/workspaces/${ws}/credentials/${PARK_CREDENTIAL}`,
    {
      value: `park-${crypto.randomUUID()}`,
      allowedHosts: [target.host],
      placements: ["header", "body"],
    },
  );
  const [hit] = burstDefinition(target.host, ws).steps;
  if (!hit) throw new Error("the burst connector has no step");
  const sendsSecret = { type: "json", value: { s: `{{credentials.${PARK_CREDENTIAL}}}` } };
  const connector = await call<{ id: string }>(
    stack.url(),
    owner,
    "POST",
    `/v1/workspaces/${ws}/connectors`,
    {
      name: "Parked",
      definition: {
        steps: [
          { ...hit, request: { ...hit.request, body: sendsSecret } },
          {
            id: "after",
            request: {
              method: "POST",
              url: `http://${vendor.host}/{{execution.id}}`,
              timeoutMs: 60_000,
            },
            retry: false,
          },
        ],
      },
    },
  );
  for (const res of [targetToken, put]) {
    if (res.status !== 200 && res.status !== 201) throw new Error(`park credential: ${res.status}`);
  }
  if (connector.status !== 201)
    throw new Error(`park connector: ${connector.status} ${connector.text}`);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await call<{ id: string }>(
      stack.url(),
      owner,
      "POST",
      `/v1/workspaces/${ws}/connectors/${connector.body.id}/executions`,
      { input: { email: `park-${i}@load.test` } },
    );
    if (res.status !== 202) throw new Error(`park start: ${res.status} ${res.text}`);
    ids.push(res.body.id);
  }
  const parked = await until(async () => {
    const [row] = await stack.sql<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions
      where id = any(${ids}::uuid[]) and status = 'running' and step_taint ? 'hit'`;
    return row?.n === count && ids.every((id) => vendor.calls.has(`/${id}`));
  }, 60_000);
  if (!parked) throw new Error("the parked runs did not reach step 2 with step 1's values sealed");
  await stack.worker().kill();
  await until(async () => !(await portInUse(WORKER_PORT)), 15_000);
  const counts = target.perStep();
  return {
    ids,
    vendor,
    firstCalls: new Map(ids.map((id) => [id, counts.get(stepKey(id, "hit")) ?? 0])),
    vars,
  };
}

/**
 * From now on the vendor answers; returns the vars of a worker that reclaims the parked runs soon
 * (stale window, heartbeat) with the key ring `keys`.
 */
export function releaseParked(parked: ParkedRuns, keys: string): Record<string, string> {
  parked.vendor.answer();
  return {
    ...parked.vars,
    [EXEC.credentialsKeys]: keys,
    STALE_CLAIM_SECONDS: String(STALE_CLAIM_SECONDS),
    [EXEC.heartbeatSeconds]: "3",
  };
}

/** Once the worker without key 1 runs (and the sweeper is driven): the parked runs' verdicts. */
export async function checkParked(stack: ChaosStack, claims: Claims, parked: ParkedRuns) {
  const window = STALE_CLAIM_SECONDS + DISPATCH_GRACE_SECONDS + 60;
  const done = await waitTerminal(stack.sql, parked.ids, Date.now() + window * 1000);
  const [errors] = await stack.sql<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions
    where id = any(${parked.ids}::uuid[]) and error ->> 'kind' = 'credential_error'`;
  claims.check(
    "rotation: runs parked with step values sealed under key 1 resume with key 1 removed and succeed",
    (done.byStatus.succeeded ?? 0) === parked.ids.length && (errors?.n ?? 0) === 0,
    `${JSON.stringify(done.byStatus)}; credential_error ${errors?.n ?? 0}`,
  );
  const counts = stack.target.perStep();
  const once = parked.ids.filter(
    (id) =>
      parked.firstCalls.get(id) === 1 &&
      (counts.get(stepKey(id, "hit")) ?? 0) === 0 &&
      parked.vendor.calls.get(`/${id}`) === 2,
  );
  claims.check(
    "rotation: a resumed run does not send its committed step again; only the step in flight at the kill repeats",
    once.length === parked.ids.length,
    `${once.length} of ${parked.ids.length}: step 1 once before the kill and not after, step 2 twice (in flight at the kill)`,
  );
  await parked.vendor.close();
}
