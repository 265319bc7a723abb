// Key rotation (scripts/lib/rotate.ts) on a connected OAuth 2.0 credential (review finding 1):
// re-sealing the token document to the newest key leaves its connection state as it was —
// `oauth_status`, `expires_at`, `scopes` — and the tokens still decrypt and run afterwards.
import postgres from "postgres";
import { afterEach, describe, expect, inject, it } from "vitest";
import { generateKey, parseKeyring } from "../engine/crypto.ts";
import { createNodeFetch } from "../engine/node-fetch.ts";
import { parseAllowList } from "../engine/outbound.ts";
import { runExecution } from "../execution/run-execution.ts";
import { rotateAll } from "../scripts/lib/rotate.ts";
import { executionRow } from "./harness/executions.ts";
import { adminSql, createWorkspace } from "./harness/fixtures.ts";
import {
  demoOAuthConfig,
  obtainGrant,
  oauthDefinition,
  seedOAuthCredential,
  startOAuthTarget,
} from "./harness/oauth.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

type Stored = {
  oauth_status: string | null;
  expires_at: Date | null;
  scopes: string[] | null;
  key_version: number;
};

describe("key rotation of an OAuth 2.0 credential", () => {
  it("keeps it connected with its expiry and scopes; its tokens decrypt and run afterwards", async () => {
    const v1 = generateKey();
    const oldRing = parseKeyring(`1:${v1}`);
    const newRing = parseKeyring(`1:${v1},2:${generateKey()}`);
    const t = await startOAuthTarget();
    closers.push(t.close);
    const workspaceId = await createWorkspace("OAuth rotation");
    const connectorId = await insertConnectorRow(workspaceId);
    const grant = await obtainGrant(t.origin);
    await seedOAuthCredential(adminSql(), oldRing, {
      workspaceId,
      name: "crm",
      allowedHosts: [t.host],
      config: demoOAuthConfig(t.origin),
      secrets: grant,
      status: "connected",
      expiresInSeconds: 3600,
    });
    const read = async () => {
      const [row] = await adminSql()<Stored[]>`
        select oauth_status, expires_at, scopes, key_version
        from connectors.workspace_api_credentials
        where workspace_id = ${workspaceId} and name = 'crm'`;
      if (!row) throw new Error("no credential row");
      return row;
    };
    const before = await read();
    expect(before).toMatchObject({ oauth_status: "connected", key_version: 1 });

    await rotateAll(adminSql(), newRing);
    const after = await read();
    expect(after.key_version).toBe(2);
    expect(after.oauth_status).toBe("connected");
    expect(after.expires_at?.toISOString()).toBe(before.expires_at?.toISOString());
    expect(after.scopes).toEqual(before.scopes);
    expect(after.scopes).toEqual(["people.read"]);

    const sql = postgres(inject("apiLoginUrl"), { max: 2, onnotice: () => {} });
    closers.push(() => sql.end({ timeout: 2 }));
    const policy = parseAllowList(t.host);
    const run = async (runId: string) => {
      const id = await insertExecution({
        workspaceId,
        connectorId,
        definition: oauthDefinition(t.origin, "crm"),
      });
      const outcome = await runExecution(
        { executionId: id },
        {
          sql,
          keyring: newRing,
          fetch: createNodeFetch({ policy }),
          policy,
          runId,
          runner: "trigger",
          staleClaimSeconds: 60,
          cancelPollMs: 200,
        },
      );
      expect(outcome).toMatchObject({ status: "succeeded" });
      expect((await executionRow(id)).status).toBe("succeeded");
    };
    // The re-sealed access token is used as stored…
    await run("rotated_fresh");
    expect(t.provider.stats.refreshes).toBe(0);
    // …and the re-sealed refresh token still refreshes once the access token is refused.
    const revoked = await fetch(`${t.origin}/oauth/revoke`, {
      method: "POST",
      body: new URLSearchParams({ all: "1", token_type_hint: "access_token" }),
    });
    expect(revoked.status).toBe(200);
    await run("rotated_refresh");
    expect(t.provider.stats.refreshes).toBe(1);
    expect((await read()).oauth_status).toBe("connected");
  });
});
