// Rate limits set low in a test configuration, through the real worker and its RateLimiter
// Durable Object (README "API at a glance", docs/SECURITY.md): a burst from one user gets 429
// `rate_limited` with Retry-After while another user and another workspace are served; a workspace
// over its own budget is limited while another workspace and the same user's non-workspace routes
// are served.
import { type Claims, call, seedTenants } from "../lib/burst.ts";
import { type ChaosStack, sleep } from "./stack.ts";

const USER_LIMIT = 20;
const WORKSPACE_LIMIT = 50;

interface Envelope {
  error?: { code?: string; requestId?: string; details?: { scope?: string } };
}

export async function rateLimits(stack: ChaosStack, claims: Claims): Promise<void> {
  await stack.restartWorker({
    RATE_LIMIT_USER_PER_MINUTE: String(USER_LIMIT),
    RATE_LIMIT_WORKSPACE_PER_MINUTE: String(WORKSPACE_LIMIT),
  });
  const [busy, calm] = await seedTenants(stack.sql, 2, 4);
  if (!busy || !calm) throw new Error("tenants not seeded");
  const [a, b, d, e] = busy.users;
  const c = calm.users[0];
  const list = (ws: string) => `/v1/workspaces/${ws}/connectors`;

  // Counters are fixed one-minute windows: start early in one so the scenario stays inside it.
  const second = new Date().getUTCSeconds();
  if (second > 35) await sleep((61 - second) * 1000);

  // A burst from one user, all at once.
  const burst = await Promise.all(
    Array.from({ length: 40 }, () =>
      call<Envelope>(stack.url(), a?.token ?? "", "GET", list(busy.workspaceId)),
    ),
  );
  const served = burst.filter((r) => r.status === 200).length;
  const limited = burst.filter((r) => r.status === 429);
  const wellFormed = limited.every((r) => {
    const retryAfter = Number(r.headers.get("retry-after"));
    return (
      r.body?.error?.code === "rate_limited" &&
      typeof r.body.error.requestId === "string" &&
      r.body.error.details?.scope === "user" &&
      retryAfter >= 1 &&
      retryAfter <= 60
    );
  });
  claims.check(
    `rate limits: a burst of 40 from one user → exactly ${USER_LIMIT} served, the rest 429 with Retry-After`,
    served === USER_LIMIT && limited.length === 40 - USER_LIMIT && wellFormed,
    `${served} served, ${limited.length} limited (counted exactly across concurrent requests by the Durable Object); Retry-After ${limited[0]?.headers.get("retry-after")} s`,
  );
  const sameWorkspace = await call(stack.url(), b?.token ?? "", "GET", list(busy.workspaceId));
  const otherWorkspace = await call(stack.url(), c?.token ?? "", "GET", list(calm.workspaceId));
  claims.check(
    "rate limits: meanwhile another user of the same workspace and another workspace are served",
    sameWorkspace.status === 200 && otherWorkspace.status === 200,
    `same workspace ${sameWorkspace.status}, other workspace ${otherWorkspace.status}`,
  );

  // The workspace budget: other members push the busy workspace over it.
  const statuses: { status: number; scope?: string }[] = [];
  for (let round = 0; round < 12; round++) {
    const answers = await Promise.all(
      [b, d, e].map((user) =>
        call<Envelope>(stack.url(), user?.token ?? "", "GET", list(busy.workspaceId)),
      ),
    );
    for (const res of answers)
      statuses.push({ status: res.status, scope: res.body?.error?.details?.scope });
  }
  // The busy workspace had USER_LIMIT + 1 requests counted before these.
  const workspaceServed = USER_LIMIT + 1 + statuses.filter((s) => s.status === 200).length;
  const workspaceLimited = statuses.filter((s) => s.status === 429);
  claims.check(
    `rate limits: a workspace over ${WORKSPACE_LIMIT}/min is limited for all its members (scope workspace)`,
    workspaceServed === WORKSPACE_LIMIT &&
      workspaceLimited.length > 0 &&
      workspaceLimited.every((s) => s.scope === "workspace"),
    `${workspaceServed} served in the workspace, then ${workspaceLimited.length} × 429 (each member under its own ${USER_LIMIT})`,
  );
  const stillCalm = await call(stack.url(), c?.token ?? "", "GET", list(calm.workspaceId));
  const me = await call(stack.url(), b?.token ?? "", "GET", "/v1/me");
  claims.check(
    "rate limits: meanwhile another workspace, and the same member outside the workspace, are served",
    stillCalm.status === 200 && me.status === 200,
    `other workspace ${stillCalm.status}, /v1/me ${me.status}`,
  );
}
