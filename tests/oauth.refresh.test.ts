// OAuth 2.0 refresh at run time (SPEC §10) through the real runner: real PostgreSQL, real HTTP to
// the demo target's OAuth provider, which rotates refresh tokens and revokes a whole grant when a
// rotated-away refresh token comes back. So one refresh too many shows as `reusedRefreshTokens`.
import postgres from "postgres";
import { afterEach, describe, expect, inject, it } from "vitest";
import { parseKeyring } from "../engine/crypto.ts";
import { createNodeFetch } from "../engine/node-fetch.ts";
import { parseAllowList } from "../engine/outbound.ts";
import { type RunExecutionDeps, runExecution } from "../execution/run-execution.ts";
import { DEV_CREDENTIALS_KEYS } from "../scripts/lib/local-defaults.ts";
import { DEMO_OAUTH_CLIENT } from "../scripts/lib/oauth-provider.ts";
import { executionRow } from "./harness/executions.ts";
import { adminSql, createWorkspace } from "./harness/fixtures.ts";
import {
  demoOAuthConfig,
  obtainGrant,
  type OAuthTarget,
  oauthDefinition,
  seedOAuthCredential,
  startOAuthTarget,
  tokenState,
} from "./harness/oauth.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

const keyring = parseKeyring(DEV_CREDENTIALS_KEYS);
const targets: OAuthTarget[] = [];
const pools: postgres.Sql[] = [];

// Each runner's connections end with its test: 20 runners hold up to 40 at once.
afterEach(async () => {
  await Promise.all(targets.splice(0).map((t) => t.close()));
  await Promise.all(pools.splice(0).map((p) => p.end({ timeout: 2 })));
});

async function target(options: Parameters<typeof startOAuthTarget>[0] = {}) {
  const started = await startOAuthTarget(options);
  targets.push(started);
  return started;
}

/** A runner of its own: its own database connection, as a separate task process would have. */
function runner(host: string, runId: string, extra: Partial<RunExecutionDeps> = {}) {
  const sql = postgres(inject("apiLoginUrl"), { max: 2, onnotice: () => {} });
  pools.push(sql);
  const policy = parseAllowList(host);
  const deps: RunExecutionDeps = {
    sql,
    keyring,
    fetch: createNodeFetch({ policy }),
    policy,
    runId,
    runner: "trigger",
    staleClaimSeconds: 60,
    cancelPollMs: 200,
    ...extra,
  };
  return (executionId: string) => runExecution({ executionId }, deps);
}

type Setup = {
  target: OAuthTarget;
  status?: "pending" | "connected" | "needs_reauth";
  expiresInSeconds?: number | null;
  grantType?: "authorization_code" | "client_credentials";
  via?: "auth" | "template";
};

async function arrange(setup: Setup) {
  const workspaceId = await createWorkspace("OAuth refresh");
  const connectorId = await insertConnectorRow(workspaceId);
  const { origin, host } = setup.target;
  const grantType = setup.grantType ?? "authorization_code";
  const grant = grantType === "authorization_code" ? await obtainGrant(origin) : null;
  await seedOAuthCredential(adminSql(), keyring, {
    workspaceId,
    name: "crm",
    allowedHosts: [host],
    config: demoOAuthConfig(origin, { grantType }),
    secrets: grant ?? {},
    status: setup.status ?? (grant ? "connected" : "pending"),
    expiresInSeconds: setup.expiresInSeconds === undefined ? 3600 : setup.expiresInSeconds,
  });
  const definition = oauthDefinition(origin, "crm", setup.via);
  const execution = () => insertExecution({ workspaceId, connectorId, definition });
  return { workspaceId, grant, execution };
}

async function revoke(origin: string, form: Record<string, string>) {
  const res = await fetch(`${origin}/oauth/revoke`, {
    method: "POST",
    body: new URLSearchParams(form),
  });
  expect(res.status).toBe(200);
}

describe("OAuth refresh through the runner", () => {
  it("20 concurrent executions on an expiring token share one refresh and all succeed", async () => {
    const t = await target({ tokenDelayMs: 300 });
    // Expires within the 60 s margin: every run must refresh before its request.
    const { workspaceId, execution, grant } = await arrange({ target: t, expiresInSeconds: 30 });
    const ids = await Promise.all(Array.from({ length: 20 }, () => execution()));
    const outcomes = await Promise.all(ids.map((id, i) => runner(t.host, `race_${i}`)(id)));
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: "succeeded" });
    for (const id of ids) expect((await executionRow(id)).status).toBe("succeeded");
    // Nothing the runs stored holds a token or the client secret.
    const rows = await adminSql()<{ dump: string }[]>`
      select t::text as dump from connectors.connector_executions t where id in ${adminSql()(ids)}`;
    for (const { dump } of rows) {
      for (const secret of [
        grant?.accessToken,
        grant?.refreshToken,
        DEMO_OAUTH_CLIENT.clientSecret,
      ])
        expect(dump).not.toContain(secret ?? "-");
    }
    expect(t.provider.stats.refreshes).toBe(1);
    expect(t.provider.stats.reusedRefreshTokens).toBe(0);
    expect(t.provider.stats.invalidGrants).toBe(0);
    const state = await tokenState(adminSql(), workspaceId, "crm");
    expect(state.oauth_status).toBe("connected");
    expect(state.refresh_holder).toBeNull();
    expect(state.expires_in).toBeGreaterThan(60);
  });

  it("a fresh token is used as stored, with no token request", async () => {
    const t = await target();
    const { execution } = await arrange({ target: t, via: "template" });
    const outcome = await runner(t.host, "fresh")(await execution());
    expect(outcome).toMatchObject({ status: "succeeded" });
    expect(t.provider.stats.refreshes).toBe(0);
  });

  it("{{credentials.x}} of an oauth2 credential is the access token, refreshed like the auth block", async () => {
    const t = await target();
    const { execution } = await arrange({ target: t, via: "template", expiresInSeconds: -5 });
    const outcome = await runner(t.host, "templated")(await execution());
    expect(outcome).toMatchObject({ status: "succeeded" });
    expect(t.provider.stats.refreshes).toBe(1);
  });

  it("a vendor's 401 causes one forced refresh and one retry that succeeds", async () => {
    const t = await target();
    const { execution, grant } = await arrange({ target: t });
    await revoke(t.origin, { token: grant?.accessToken ?? "", token_type_hint: "access_token" });
    const id = await execution();
    expect(await runner(t.host, "refused")(id)).toMatchObject({ status: "succeeded" });
    expect(t.provider.stats.refreshes).toBe(1);
    const row = await executionRow(id);
    expect(row.step_results).toHaveLength(1);
  });

  it("20 runs refused at once cause one refresh", async () => {
    const t = await target({ tokenDelayMs: 200 });
    const { execution } = await arrange({ target: t });
    await revoke(t.origin, { all: "1", token_type_hint: "access_token" });
    const ids = await Promise.all(Array.from({ length: 20 }, () => execution()));
    const outcomes = await Promise.all(ids.map((id, i) => runner(t.host, `refused_${i}`)(id)));
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: "succeeded" });
    expect(t.provider.stats.refreshes).toBe(1);
    expect(t.provider.stats.reusedRefreshTokens).toBe(0);
  });

  it("a grant revoked at the provider fails credential_error, marks needs_reauth, and later runs fail at once", async () => {
    const t = await target();
    const { workspaceId, execution } = await arrange({ target: t, expiresInSeconds: 10 });
    await revoke(t.origin, { all: "1" });
    const first = await execution();
    expect(await runner(t.host, "revoked")(first)).toMatchObject({ status: "failed" });
    const failed = await executionRow(first);
    expect(failed.error?.kind).toBe("credential_error");
    expect(failed.error?.message).toMatch(/authorized again/);
    expect((await tokenState(adminSql(), workspaceId, "crm")).oauth_status).toBe("needs_reauth");
    const asked = t.provider.stats.invalidGrants;
    expect(asked).toBe(1);

    const later = await execution();
    expect(await runner(t.host, "after_revoke")(later)).toMatchObject({ status: "failed" });
    expect((await executionRow(later)).error?.kind).toBe("credential_error");
    expect(t.provider.stats.invalidGrants).toBe(asked);
    expect(t.provider.stats.refreshes).toBe(0);
  });

  it("a pending authorization-code credential fails at once without a token request", async () => {
    const t = await target();
    const { execution } = await arrange({ target: t, status: "pending" });
    const id = await execution();
    expect(await runner(t.host, "pending")(id)).toMatchObject({ status: "failed" });
    const row = await executionRow(id);
    expect(row.error?.kind).toBe("credential_error");
    expect(row.error?.message).toMatch(/not connected yet/);
    expect(t.provider.stats.refreshes + t.provider.stats.invalidGrants).toBe(0);
  });

  it("client_credentials: the first run fetches a token, a second within its lifetime does not", async () => {
    const t = await target();
    const { workspaceId, execution } = await arrange({
      target: t,
      grantType: "client_credentials",
      expiresInSeconds: null,
    });
    expect(await runner(t.host, "cc_1")(await execution())).toMatchObject({ status: "succeeded" });
    expect(t.provider.stats.clientCredentials).toBe(1);
    expect((await tokenState(adminSql(), workspaceId, "crm")).oauth_status).toBe("connected");
    expect(await runner(t.host, "cc_2")(await execution())).toMatchObject({ status: "succeeded" });
    expect(t.provider.stats.clientCredentials).toBe(1);
  });

  it("a lease left by a crashed holder is taken over once refresh_until passes", async () => {
    const t = await target();
    const { workspaceId, execution } = await arrange({ target: t, expiresInSeconds: -1 });
    await adminSql()`
      update connectors.workspace_api_credentials
      set refresh_holder = ${crypto.randomUUID()}, refresh_until = now() + interval '1.5 seconds'
      where workspace_id = ${workspaceId} and name = 'crm'`;
    const started = Date.now();
    expect(await runner(t.host, "takeover")(await execution())).toMatchObject({
      status: "succeeded",
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(t.provider.stats.refreshes).toBe(1);
    expect((await tokenState(adminSql(), workspaceId, "crm")).refresh_holder).toBeNull();
  });

  it.each([
    ["a fractional", 3599.5, 3599],
    ["a past-int32", 2 ** 31, 10 * 365 * 24 * 3600],
  ])(
    "%s expires_in is stored (floored, clamped) and the rotated refresh token kept",
    async (_, ttl, stored) => {
      const t = await target({ accessTtlSeconds: ttl });
      const { workspaceId, execution } = await arrange({ target: t, expiresInSeconds: -1 });
      expect(await runner(t.host, "ttl_1")(await execution())).toMatchObject({
        status: "succeeded",
      });
      const state = await tokenState(adminSql(), workspaceId, "crm");
      expect(state).toMatchObject({ oauth_status: "connected", refresh_holder: null });
      expect(Math.round(state.expires_in ?? 0)).toBeGreaterThanOrEqual(stored - 5);
      // The next forced refresh uses the rotated refresh token: no replay, no revoked grant.
      await revoke(t.origin, { all: "1", token_type_hint: "access_token" });
      expect(await runner(t.host, "ttl_2")(await execution())).toMatchObject({
        status: "succeeded",
      });
      expect(t.provider.stats.refreshes).toBe(2);
      expect(t.provider.stats.reusedRefreshTokens).toBe(0);
    },
  );

  it("a refresh whose lease was taken over meanwhile still stores its answer: a rotated refresh token is never dropped", async () => {
    const t = await target({ tokenDelayMs: 500, rotateRefreshTokens: false });
    const { workspaceId, execution } = await arrange({ target: t, expiresInSeconds: -1 });
    const run = runner(t.host, "overtaken")(await execution());
    // While the token request is in flight, another holder has the lease (for 1 s).
    for (let i = 0; i < 100; i++) {
      const taken = await adminSql()`
        update connectors.workspace_api_credentials
        set refresh_holder = ${crypto.randomUUID()}, refresh_until = now() + interval '1 second'
        where workspace_id = ${workspaceId} and name = 'crm' and refresh_holder is not null
        returning id`;
      if (taken.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await run).toMatchObject({ status: "succeeded" });
    // The answer in hand was stored (keyed on token_version, not on still holding the lease):
    // one refresh, and the stored token is the one the provider issued.
    expect(t.provider.stats.refreshes).toBe(1);
    const state = await tokenState(adminSql(), workspaceId, "crm");
    expect(state.oauth_status).toBe("connected");
    expect(state.refresh_holder).toBeNull();
  });

  it("a token endpoint that fails leaves the credential untouched and fails the step", async () => {
    const t = await target();
    const { workspaceId, execution } = await arrange({ target: t, expiresInSeconds: -1 });
    const before = await tokenState(adminSql(), workspaceId, "crm");
    // The provider is gone: connection refused at the token URL.
    await t.close();
    targets.splice(targets.indexOf(t), 1);
    const id = await execution();
    expect(await runner(t.host, "down")(id)).toMatchObject({ status: "failed" });
    const row = await executionRow(id);
    expect(row.error?.kind).toBe("network_error");
    const after = await tokenState(adminSql(), workspaceId, "crm");
    expect(after).toMatchObject({
      oauth_status: "connected",
      token_version: before.token_version,
      refresh_holder: null,
    });
  });
});
