// The path to PostgreSQL goes silent instead of refusing (a proxy that stops forwarding: no RST,
// no FIN) while a burst of inline-runner executions is mid-step. The API must not wait for a
// network that may never come back: it answers 503 `unavailable` while the path still hangs
// (connect_timeout bounds a new connection, the transaction timeout one opened before). Once the
// path is back every execution ends succeeded, each step called once at the target, none lost.
// A vendor that accepts and never answers is bounded by the step's own timeout.
import { EXECUTION_ENV as EXEC } from "../../execution/env-names.ts";
import { type Claims, call, startBurst, waitTerminal } from "../lib/burst.ts";
import { startHangProxy } from "../lib/hang-proxy.ts";
import { startSilentVendor } from "../lib/silent-vendor.ts";
import { type ChaosStack, DB_PORT, sleep, until } from "./stack.ts";
import { steadyRequests, unavailableEverywhere } from "./unavailable.ts";
import { onceAndNoneLost } from "./verdicts.ts";

const DEADLINE_AFTER_RESUME_SECONDS = 90;

export async function databaseHang(
  stack: ChaosStack,
  claims: Claims,
  options: { executions: number; hangSeconds: number },
): Promise<void> {
  const { target, tenants, connectors, say } = stack;
  const proxy = await startHangProxy({ host: "127.0.0.1", port: DB_PORT });
  const vendor = await startSilentVendor();
  try {
    await stack.restartWorker(
      { RUNNER: "inline", [EXEC.outboundAllowHosts]: `${target.host},${vendor.host}` },
      { connectionString: proxy.via(stack.cluster.apiLoginUrl) },
    );
    const [mark] = await stack.sql<{ at: Date }[]>`select now() as at`;
    const since = mark?.at ?? new Date();
    target.clear();
    target.setDelay(3_000);

    const burst = await startBurst(stack.url, tenants, connectors, options.executions, 20);
    const inFlight = await until(() => target.hits.size >= burst.ids.length, 60_000);
    const [before] = await stack.sql<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions`;
    const tenant = tenants[0];
    const token = tenant?.users[1]?.token ?? "";
    const stream = steadyRequests(
      stack.url(),
      token,
      `/v1/workspaces/${tenant?.workspaceId}/connectors`,
      8,
    );
    await sleep(500);
    say(`hang: the path to PostgreSQL goes silent for ${options.hangSeconds} s`);
    proxy.hang();
    const hungAt = Date.now();
    const openAtHang = target.openAt(hungAt).size;
    claims.check(
      "hang: executions mid-step when the path goes silent",
      burst.ids.length === options.executions && inFlight && openAtHang > 0,
      `${burst.ids.length} accepted, ${openAtHang} target calls open at the hang`,
    );

    const answers = await unavailableEverywhere(stack.url(), {
      token,
      workspaceId: tenant?.workspaceId ?? "",
      connectorId: connectors.get(tenant?.workspaceId ?? "") ?? "",
      executionId: burst.ids[0] ?? "",
      stillDown: () => proxy.hanging(),
    });
    claims.check(
      "hang: while the path hangs, every API call answers 503 unavailable with the envelope and Retry-After, no internals",
      answers.bad.length === 0,
      answers.bad.slice(0, 3).join(" | ") ||
        `${answers.checked} calls, slowest ${answers.slowestMs} ms`,
    );
    claims.check(
      "hang: /health answers 503 degraded while the path hangs",
      answers.health,
      answers.healthDetail,
    );

    await sleep(Math.max(0, options.hangSeconds * 1000 - (Date.now() - hungAt)));
    say("hang: the path forwards again");
    proxy.resume();
    const resumedAt = Date.now();
    await stream.stop();
    const caught = stream.openAt(hungAt);
    const late = caught.filter((r) => r.endedAt >= resumedAt || ![200, 503].includes(r.status));
    claims.check(
      "hang: requests in flight when the path went silent answer (200 or 503) before it comes back",
      caught.length > 0 && late.length === 0,
      `${caught.length} in flight at the hang: ${caught.filter((r) => r.status === 503).length} answered 503; late or otherwise: ${
        late
          .map((r) => `${r.status} at +${((r.endedAt - hungAt) / 1000).toFixed(1)} s`)
          .join(", ") || "none"
      }`,
    );

    const done = await waitTerminal(
      stack.sql,
      burst.ids,
      resumedAt + DEADLINE_AFTER_RESUME_SECONDS * 1000,
    );
    target.setDelay(0);
    claims.check(
      `hang: every execution succeeded within ${DEADLINE_AFTER_RESUME_SECONDS} s of the path coming back`,
      (done.byStatus.succeeded ?? 0) === burst.ids.length,
      `${JSON.stringify(done.byStatus)} ${((done.at - resumedAt) / 1000).toFixed(1)} s after the resume`,
    );
    await onceAndNoneLost(stack, claims, "hang", burst.ids, since);
    const [after] = await stack.sql<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_executions`;
    claims.check(
      "hang: the calls refused during the hang started nothing (no new row)",
      after?.n === before?.n,
      `rows ${before?.n} → ${after?.n}`,
    );

    await silentVendorTimesOut(stack, claims, vendor.host);
  } finally {
    proxy.resume();
    await proxy.close();
    await vendor.close();
    target.setDelay(0);
  }
}

/** A step whose vendor accepts the connection and never answers ends by its own timeout. */
async function silentVendorTimesOut(stack: ChaosStack, claims: Claims, host: string) {
  const tenant = stack.tenants[1] ?? stack.tenants[0];
  const owner = tenant?.users[0]?.token ?? "";
  const prefix = `/v1/workspaces/${tenant?.workspaceId}`;
  const created = await call<{ id: string }>(stack.url(), owner, "POST", `${prefix}/connectors`, {
    name: "Silent vendor",
    definition: {
      steps: [
        {
          id: "silent",
          request: { method: "POST", url: `http://${host}/never`, timeoutMs: 2_000 },
          retry: false,
        },
      ],
    },
  });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await call<{ id: string }>(
      stack.url(),
      owner,
      "POST",
      `${prefix}/connectors/${created.body?.id}/executions`,
      { input: {} },
    );
    if (res.status === 202) ids.push(res.body.id);
  }
  const startedAt = Date.now();
  const done = await waitTerminal(stack.sql, ids, startedAt + 60_000);
  const rows = await stack.sql<{ status: string; kind: string | null }[]>`
    select status, step_results -> 0 -> 'error' ->> 'kind' as kind
    from connectors.connector_executions where id = any(${ids}::uuid[])`;
  const timedOut = rows.filter((r) => r.status === "failed" && r.kind === "timeout").length;
  claims.check(
    "hang: a vendor that accepts and never answers: the step fails with kind timeout, the execution is terminal",
    created.status === 201 && ids.length === 3 && done.terminal === 3 && timedOut === 3,
    `connector ${created.status}; ${ids.length} accepted; ${JSON.stringify(done.byStatus)}; ${timedOut} failed with kind timeout`,
  );
}
