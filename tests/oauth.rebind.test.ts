// A run fixes each credential's row and binding when it is prepared (execution/oauth-tokens.ts):
// a credential deleted and re-created (or re-bound) under the same name mid-run is refused, so
// the new credential's access token never goes to the hosts the old one allowed.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { afterEach, describe, expect, inject, it } from "vitest";
import { parseKeyring } from "../engine/crypto.ts";
import { createNodeFetch } from "../engine/node-fetch.ts";
import { parseAllowList } from "../engine/outbound.ts";
import { runExecution } from "../execution/run-execution.ts";
import { DEV_CREDENTIALS_KEYS } from "../scripts/lib/local-defaults.ts";
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

const keyring = parseKeyring(DEV_CREDENTIALS_KEYS);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe("a credential replaced during a run", () => {
  it("is refused with credential_error: the new token is not sent to the old hosts", async () => {
    const t = await startOAuthTarget();
    closers.push(t.close);
    const workspaceId = await createWorkspace("OAuth rebind");
    const connectorId = await insertConnectorRow(workspaceId);
    const seed = async (allowedHosts: string[]) =>
      seedOAuthCredential(adminSql(), keyring, {
        workspaceId,
        name: "crm",
        allowedHosts,
        config: demoOAuthConfig(t.origin),
        secrets: await obtainGrant(t.origin),
        status: "connected",
        expiresInSeconds: 3600,
      });
    await seed([t.host]);
    // The first step's endpoint replaces the credential before it answers: a new row under the
    // same name, bound elsewhere, with a fresh token of its own.
    const hook = createServer((_req, res) => {
      void (async () => {
        await adminSql()`
          delete from connectors.workspace_api_credentials
          where workspace_id = ${workspaceId} and name = 'crm'`;
        await seed(["elsewhere.test"]);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      })();
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          hook.closeAllConnections();
          hook.close(() => resolve());
        }),
    );
    const hookHost = `127.0.0.1:${(hook.address() as AddressInfo).port}`;
    const definition = {
      steps: [
        { id: "first", request: { method: "GET", url: `http://${hookHost}/replace` } },
        ...oauthDefinition(t.origin, "crm").steps,
      ],
    };
    const id = await insertExecution({ workspaceId, connectorId, definition });
    const sql = postgres(inject("apiLoginUrl"), { max: 2, onnotice: () => {} });
    closers.push(() => sql.end({ timeout: 2 }));
    const policy = parseAllowList(`${t.host},${hookHost}`);
    const outcome = await runExecution(
      { executionId: id },
      {
        sql,
        keyring,
        fetch: createNodeFetch({ policy }),
        policy,
        runId: "rebind",
        runner: "trigger",
        staleClaimSeconds: 60,
        cancelPollMs: 200,
      },
    );
    expect(outcome).toMatchObject({ status: "failed" });
    const row = await executionRow(id);
    expect(row.error?.kind).toBe("credential_error");
    expect(row.error?.message).toMatch(/replaced or re-bound/);
    // The lookup was never sent with any token.
    expect(row.step_results).toHaveLength(2);
    expect(t.provider.stats.refreshes).toBe(0);
  });

  it("a malformed stored OAuth configuration fails the run with credential_error", async () => {
    const t = await startOAuthTarget();
    closers.push(t.close);
    const workspaceId = await createWorkspace("OAuth malformed");
    const connectorId = await insertConnectorRow(workspaceId);
    await seedOAuthCredential(adminSql(), keyring, {
      workspaceId,
      name: "crm",
      allowedHosts: [t.host],
      config: demoOAuthConfig(t.origin),
      secrets: await obtainGrant(t.origin),
      status: "connected",
      expiresInSeconds: 3600,
    });
    await adminSql()`
      update connectors.workspace_api_credentials
      set oauth_config = '{"grantType": "implicit", "tokenUrl": 7}'::jsonb
      where workspace_id = ${workspaceId} and name = 'crm'`;
    const definition = oauthDefinition(t.origin, "crm");
    const id = await insertExecution({ workspaceId, connectorId, definition });
    const sql = postgres(inject("apiLoginUrl"), { max: 2, onnotice: () => {} });
    closers.push(() => sql.end({ timeout: 2 }));
    const policy = parseAllowList(t.host);
    const outcome = await runExecution(
      { executionId: id },
      {
        sql,
        keyring,
        fetch: createNodeFetch({ policy }),
        policy,
        runId: "malformed",
        runner: "trigger",
        staleClaimSeconds: 60,
        cancelPollMs: 200,
      },
    );
    expect(outcome).toMatchObject({ status: "failed" });
    expect((await executionRow(id)).error?.kind).toBe("credential_error");
    expect(t.provider.stats.refreshes).toBe(0);
  });
});
