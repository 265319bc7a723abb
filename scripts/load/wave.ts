// `npm run load`, phase C: the second wave, connectors that run themselves. Every workspace gets
// a 200-item batch at once, 2 signed webhook deliveries a second (a few sent twice, as a sender's
// retry would) and a schedule on every connector firing each minute, for `seconds`; then the
// queue drains. Claims, counted at the target and read back from the rows: every start answered,
// every execution terminal and succeeded, a repeated delivery answered with its first execution,
// each schedule slot run once, each step called once, per-workspace concurrency at its limit.
import type postgres from "postgres";
import { call, type Claims, percentile, type Tenant, waitTerminal } from "../lib/burst.ts";
import { concurrencyReport, hitReport } from "../lib/checks.ts";
import type { CountingTarget } from "../lib/counting-target.ts";
import { activityLine, sampleActivity } from "../lib/pg-activity.ts";
import { signDelivery } from "../lib/webhook-signature.ts";
import type { OAuthProvider } from "../lib/oauth-provider.ts";
import { driveSweeper } from "../lib/wrangler-dev.ts";
import { latencyLine } from "./mixed.ts";
import { arrangeOAuthConnector, OAUTH_ACCESS_TTL_SECONDS } from "./oauth.ts";
import { probeApi } from "./probe.ts";
import { checkStreams, holdStreams } from "./streams.ts";

const BATCH_ITEMS = 200;
const DELIVERIES_PER_SECOND = 2;
/** One delivery in this many is sent a second time, byte for byte. */
const RESEND_EVERY = 10;
const DRAIN_MS = 420_000;
/** Live-status streams held open during the wave. */
const STREAMS = 100;

export interface WaveContext {
  base: string;
  sql: postgres.Sql;
  tenants: Tenant[];
  /** Every connector of each workspace; the first is the one batches and hooks run. */
  connectors: Map<string, string[]>;
  target: CountingTarget;
  limit: number;
  seconds: number;
  /** The provider the target plays, whose access tokens expire during the wave. */
  oauth: OAuthProvider;
  say: (message: string) => void;
  /** Where the executions run: the Trigger.dev stand-in (production's topology) or inline. */
  runner: "trigger" | "inline";
}

interface Hook {
  workspaceId: string;
  url: string;
  secret: string;
}

async function arrange(ctx: WaveContext): Promise<Hook[]> {
  const hooks: Hook[] = [];
  for (const tenant of ctx.tenants) {
    const owner = tenant.users[0]?.token ?? "";
    const ids = ctx.connectors.get(tenant.workspaceId) ?? [];
    const ws = `/v1/workspaces/${tenant.workspaceId}`;
    for (const id of ids) {
      const put = await call(ctx.base, owner, "PUT", `${ws}/connectors/${id}/schedule`, {
        cron: "* * * * *",
        timezone: "Europe/Berlin",
        input: { email: "schedule@load.test" },
      });
      if (put.status !== 201) throw new Error(`schedule: ${put.status} ${put.text}`);
    }
    const hook = await call<{ id: string; secret: string }>(
      ctx.base,
      owner,
      "POST",
      `${ws}/connectors/${ids[0]}/webhooks`,
      { description: "load" },
    );
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${hook.text}`);
    hooks.push({
      workspaceId: tenant.workspaceId,
      url: `${ctx.base}/v1/hooks/${hook.body.id}`,
      secret: hook.body.secret,
    });
  }
  return hooks;
}

async function startBatches(ctx: WaveContext) {
  const answers = await Promise.all(
    ctx.tenants.map((tenant) => {
      const connectorId = ctx.connectors.get(tenant.workspaceId)?.[0];
      const items = Array.from({ length: BATCH_ITEMS }, (_, i) => ({
        input: { email: `batch-${i}@load.test` },
      }));
      return call<{ id: string; total: number }>(
        ctx.base,
        tenant.users[1]?.token ?? "",
        "POST",
        `/v1/workspaces/${tenant.workspaceId}/connectors/${connectorId}/batches`,
        { items },
        { "idempotency-key": `wave-${tenant.workspaceId}` },
      );
    }),
  );
  return answers.map((a, i) => ({ tenant: ctx.tenants[i] as Tenant, answer: a }));
}

interface Deliveries {
  ids: Set<string>;
  sent: number;
  refused: Map<number, number>;
  resent: number;
  /** 503s and unanswered posts sent again, byte for byte, as a sender retries. */
  retried: number;
  /** Repeats answered with another execution than the first, or not 202. */
  mismatched: number;
}

async function deliver(hooks: Hook[], seconds: number): Promise<Deliveries> {
  const out: Deliveries = {
    ids: new Set(),
    sent: 0,
    refused: new Map(),
    resent: 0,
    mismatched: 0,
    retried: 0,
  };
  const post = (hook: Hook, body: string, signature: string) =>
    fetch(hook.url, {
      method: "POST",
      headers: { "content-type": "application/json", "connectors-signature": signature },
      body,
    })
      .then(async (res) => ({
        status: res.status,
        text: await res.text(),
        retryAfter: Number(res.headers.get("retry-after") ?? 1) || 1,
      }))
      .catch((error: unknown) => ({ status: 0, text: String(error), retryAfter: 1 }));
  const one = async (hook: Hook, n: number) => {
    const body = JSON.stringify({ email: `hook-${n}@load.test`, n });
    const signature = signDelivery(hook.secret, body);
    out.sent += 1;
    // A sender retries an unavailable answer with the same bytes (the signature stays valid
    // for 300 s); the repeat must be answered with the execution the first one started, if any.
    const retryUntil = Date.now() + 120_000;
    const sendRetrying = async () => {
      let answer = await post(hook, body, signature);
      while ((answer.status === 0 || answer.status === 503) && Date.now() < retryUntil) {
        out.retried += 1;
        // As senders do: after the Retry-After the answer asked for (a storm of 1 s retries
        // only adds to the load that made the API answer 503).
        await new Promise((resolve) => setTimeout(resolve, answer.retryAfter * 1000));
        answer = await post(hook, body, signature);
      }
      return answer;
    };
    const first = await sendRetrying();
    if (first.status !== 202) {
      out.refused.set(first.status, (out.refused.get(first.status) ?? 0) + 1);
      return;
    }
    const id = (JSON.parse(first.text) as { executionId: string }).executionId;
    out.ids.add(id);
    if (n % RESEND_EVERY !== 0) return;
    out.resent += 1;
    const again = await sendRetrying();
    const sameId =
      again.status === 202 &&
      (JSON.parse(again.text) as { executionId: string }).executionId === id;
    if (!sameId) out.mismatched += 1;
  };
  const inFlight: Promise<void>[] = [];
  const started = Date.now();
  for (let tick = 0; Date.now() - started < seconds * 1000; tick++) {
    for (const hook of hooks)
      for (let k = 0; k < DELIVERIES_PER_SECOND; k++)
        inFlight.push(one(hook, tick * DELIVERIES_PER_SECOND + k));
    const next = started + (tick + 1) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
  }
  await Promise.all(inFlight);
  return out;
}

async function rowsSince(sql: postgres.Sql, connectorIds: string[], since: Date) {
  return sql<{ id: string; trigger: string; key: string | null; connectorId: string }[]>`
    select id, trigger, idempotency_key as key, connector_id as "connectorId"
    from connectors.connector_executions
    where connector_id = any(${connectorIds}::uuid[]) and created_at >= ${since}`;
}

/** Per workspace, its batch's items that wait longest (queued last), for the streams. */
async function lastQueued(sql: postgres.Sql, batchIds: string[]) {
  const rows = await sql<{ id: string; workspaceId: string }[]>`
    select id, workspace_id as "workspaceId" from connectors.connector_executions
    where batch_id = any(${batchIds}::uuid[])
    order by queued_at desc, id desc`;
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.workspaceId, [...(out.get(r.workspaceId) ?? []), r.id]);
  return out;
}

export async function secondWave(ctx: WaveContext, claims: Claims): Promise<void> {
  const { sql, target, say } = ctx;
  const label = `C second wave (${ctx.runner})`;
  const oauthConnectors = new Map<string, string>();
  for (const tenant of ctx.tenants) {
    const id = await arrangeOAuthConnector(ctx.base, sql, tenant, target.host);
    oauthConnectors.set(tenant.workspaceId, id);
    ctx.connectors.get(tenant.workspaceId)?.push(id);
  }
  const allConnectors = [...ctx.connectors.values()].flat();
  const hooks = await arrange(ctx);
  const oauthBefore = { ...ctx.oauth.stats };
  target.clear();
  target.setDelay(200);
  target.setHold({ open: ctx.limit, maxMs: 5_000 });
  const [mark] = await sql<{ at: Date }[]>`select now() as at`;
  const since = mark?.at ?? new Date();
  const sweeper = driveSweeper(() => ctx.base, 2_000);
  const activity = sampleActivity(sql);
  say(`${label}: ${ctx.tenants.length} batches of ${BATCH_ITEMS}, hooks and schedules`);
  const probe = probeApi(ctx.base, ctx.tenants, oauthConnectors);
  const delivering = deliver(hooks, ctx.seconds);
  const batches = await startBatches(ctx);
  const batchIds = batches
    .filter((b) => b.answer.status === 202)
    .map((b) => (b.answer.body as { id: string }).id);
  const streams = holdStreams(
    ctx.base,
    ctx.tenants,
    await lastQueued(sql, batchIds),
    STREAMS,
    Date.now() + ctx.seconds * 1000 + DRAIN_MS,
  );
  say(`${label}: ${streams.followed.length} live-status streams open`);
  const deliveries = await delivering;
  const api = await probe.stop();
  const lastAccepted = Date.now();
  say(`${label}: ${deliveries.ids.size} deliveries accepted; draining`);
  // The schedules stop here: what they started so far must drain, nothing more is added.
  await sql`update connectors.connector_schedules set enabled = false
            where connector_id = any(${allConnectors}::uuid[])`;
  // A sweep already past its schedule pass may still add a slot: let it finish first.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  let rows = await rowsSince(sql, allConnectors, since);
  let last = "";
  const done = await waitTerminal(
    sql,
    rows.map((r) => r.id),
    lastAccepted + DRAIN_MS,
    (counts) => {
      const line = JSON.stringify(counts.byStatus);
      if (line !== last) say(`${label}: ${line}`);
      last = line;
    },
  );
  target.setHold(undefined);
  await sweeper.stop();
  const sessions = await activity.stop();
  await streams.done;
  const followed = await checkStreams(sql, streams.followed);
  rows = await rowsSince(sql, allConnectors, since);
  const ids = rows.map((r) => r.id);
  const byTrigger = new Map<string, number>();
  for (const r of rows) byTrigger.set(r.trigger, (byTrigger.get(r.trigger) ?? 0) + 1);
  const batchOk = batches.filter((b) => b.answer.status === 202);
  const states = await Promise.all(
    batchOk.map((b) =>
      call<{ status: string; total: number; counts: Record<string, number> }>(
        ctx.base,
        b.tenant.users[0]?.token ?? "",
        "GET",
        `/v1/workspaces/${b.tenant.workspaceId}/batches/${(b.answer.body as { id: string }).id}`,
      ),
    ),
  );
  const batchesAddUp = states.every(
    (s) =>
      s.status === 200 &&
      s.body.status === "completed" &&
      s.body.total === BATCH_ITEMS &&
      s.body.counts.succeeded === BATCH_ITEMS,
  );
  const webhookRows = rows.filter((r) => r.trigger === "webhook").map((r) => r.id);
  const unknownHooks = webhookRows.filter((id) => !deliveries.ids.has(id)).length;
  const lostHooks = [...deliveries.ids].filter((id) => !webhookRows.includes(id)).length;
  const slots = new Map<string, number>();
  for (const r of rows.filter((x) => x.trigger === "schedule"))
    slots.set(r.key ?? "", (slots.get(r.key ?? "") ?? 0) + 1);
  const minutes = Math.floor(ctx.seconds / 60);
  const perConnector = new Map<string, number>();
  for (const r of rows.filter((x) => x.trigger === "schedule"))
    perConnector.set(r.connectorId, (perConnector.get(r.connectorId) ?? 0) + 1);
  const hits = hitReport(target, ids);
  const concurrency = concurrencyReport(
    target,
    ctx.tenants.map((t) => t.workspaceId),
    ctx.limit,
  );

  claims.check(
    `${label}: every batch answered 202 and completed with counts adding up`,
    batchOk.length === ctx.tenants.length && batchesAddUp,
    states.map((s) => `${s.body?.status} ${JSON.stringify(s.body?.counts)}`).join(" | "),
  );
  const refused = [...deliveries.refused].map(([s, n]) => `${n}×${s}`).join(", ");
  claims.check(
    `${label}: every signed delivery accepted (503s retried with the same bytes, as senders do)`,
    deliveries.ids.size === deliveries.sent,
    `${deliveries.ids.size} of ${deliveries.sent}, ${deliveries.retried} retries${refused ? `; refused ${refused}` : ""}`,
  );
  claims.check(
    `${label}: a delivery sent twice is answered with its first execution`,
    deliveries.mismatched === 0 && deliveries.resent > 0,
    `${deliveries.resent} sent twice, ${deliveries.mismatched} answered otherwise`,
  );
  claims.check(
    `${label}: one execution per delivery (rows = accepted ids)`,
    unknownHooks === 0 && lostHooks === 0,
    `${webhookRows.length} webhook rows: ${lostHooks} lost, ${unknownHooks} not accepted`,
  );
  claims.check(
    `${label}: each schedule slot ran once, and every schedule fired`,
    [...slots.values()].every((n) => n === 1) && perConnector.size === allConnectors.length,
    `${slots.size} slots over ${perConnector.size} of ${allConnectors.length} connectors`,
  );
  // The sweeps here run one after another; a long one merges the minutes it spans into their
  // latest slot (the catch-up rule), so fewer slots than minutes is reported, not failed.
  const behind = [...perConnector.values()].filter((n) => n < minutes).length;
  claims.info(
    `${label}: schedules that ran fewer slots than the ${minutes} minutes (a sweep spanned a minute)`,
    `${behind} of ${perConnector.size}`,
  );
  claims.check(
    `${label}: every execution reached a terminal state and succeeded`,
    done.terminal === done.total && rows.length === (done.byStatus.succeeded ?? 0),
    `${rows.length} rows: ${JSON.stringify(done.byStatus)}`,
  );
  claims.check(
    `${label}: none ran twice (calls per execution and step at the target = 1)`,
    hits.missing === 0 && hits.repeated === 0 && hits.strays === 0,
    `missing ${hits.missing}, repeated ${hits.repeated}, unknown ids ${hits.strays}`,
  );
  claims.check(
    `${label}: per-workspace concurrency = the limit (${ctx.limit}), at the target`,
    concurrency.exact,
    concurrency.detail,
  );
  claims.info(
    `${label}: executions by trigger`,
    [...byTrigger].map(([k, n]) => `${k} ${n}`).join(", "),
  );
  claims.check(
    `${label}: ${STREAMS} live-status streams held through the wave, each ended on its execution's final status`,
    followed.mismatched.length === 0 && streams.followed.length === STREAMS,
    `${streams.followed.length} streams, ${followed.events} events, ${followed.reconnects} reconnects, ${followed.mismatched.length} ended elsewhere than the row; first event ${latencyLine(followed.firsts)}`,
  );
  claims.check(
    `${label}: every stream opened without a 5xx and none dropped`,
    followed.errors.length === 0,
    followed.errors.length
      ? `${followed.errors.length} refused or dropped: ${followed.errors.slice(0, 2).join(" | ")}`
      : "none",
  );
  const oauthIds = new Set(oauthConnectors.values());
  const oauthRows = rows.filter((r) => oauthIds.has(r.connectorId));
  const oauthFailed = await sql<{ n: number }[]>`
    select count(*)::int as n from connectors.connector_executions
    where id = any(${oauthRows.map((r) => r.id)}::uuid[]) and status <> 'succeeded'`;
  const stats = ctx.oauth.stats;
  const refreshes = stats.refreshes - oauthBefore.refreshes;
  const invalid = stats.invalidGrants - oauthBefore.invalidGrants;
  const reused = stats.reusedRefreshTokens - oauthBefore.reusedRefreshTokens;
  claims.check(
    `${label}: OAuth 2.0 tokens expired and were refreshed: the provider saw refreshes, none refused, no refresh token reused, no OAuth execution failed`,
    refreshes > 0 &&
      invalid === 0 &&
      reused === 0 &&
      oauthRows.length > 0 &&
      (oauthFailed[0]?.n ?? 1) === 0,
    `${refreshes} refreshes (${Math.round(ctx.seconds)} s of tokens living ${OAUTH_ACCESS_TTL_SECONDS} s), ${invalid} refused, ${reused} refresh tokens reused, ${oauthRows.length} executions of which ${oauthFailed[0]?.n ?? "?"} not succeeded`,
  );
  // A token read as fresh can still arrive late at the vendor when the isolate is starved: the
  // vendor answers 401 and the engine refreshes and sends again (counted, not failed).
  claims.info(
    `${label}: OAuth calls that reached the vendor after their token expired (refreshed, sent again)`,
    String(target.refusedOAuth()),
  );
  claims.check(
    `${label}: zero 5xx from the API under the wave (starts, lists, reads)`,
    api.serverErrors.length === 0 && api.unexpected.length === 0,
    [...api.serverErrors, ...api.unexpected].slice(0, 3).join(" | ") ||
      `${api.latencies.length} requests, ${api.started.size} starts`,
  );
  claims.info(`${label}: API latency under the wave`, latencyLine(api.latencies));
  for (const [op, list] of api.byOp)
    claims.info(`${label}: API latency ${op} (${list.length})`, latencyLine(list));
  claims.info(`${label}: API p99 under the wave`, `${percentile(api.latencies, 99).toFixed(1)} ms`);
  claims.info(`${label}: database sessions`, activityLine(sessions));
  for (const [kind, list] of Object.entries(sessions.worst))
    for (const [query, n] of list)
      claims.info(`${label}: ${kind} at the worst sample`, `${n}× ${query}`);
  const [window] = await sql<{ seconds: number }[]>`
    select extract(epoch from max(finished_at) - min(queued_at))::float8 as seconds
    from connectors.connector_executions where id = any(${ids}::uuid[])`;
  const secs = window?.seconds ?? 0;
  claims.info(
    `${label}: throughput`,
    `${ids.length} executions in ${secs.toFixed(1)} s = ${(ids.length / Math.max(secs, 0.001)).toFixed(1)}/s (${sweeper.sweeps()} sweeps)`,
  );
}
