// A refresh refused while the credential is reconnected (SPEC §10): the refusal of the old grant
// must not mark the freshly connected credential `needs_reauth`, nor fail the run that asked —
// it reads the row again and uses the new token.
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { encryptCredential, parseKeyring } from "../engine/crypto.ts";
import { createNodeFetch } from "../engine/node-fetch.ts";
import { serializeOAuthSecrets } from "../engine/oauth-config.ts";
import { parseAllowList } from "../engine/outbound.ts";
import { runExecution } from "../execution/run-execution.ts";
import { DEV_CREDENTIALS_KEYS } from "../scripts/lib/local-defaults.ts";
import { DEMO_OAUTH_CLIENT } from "../scripts/lib/oauth-provider.ts";
import { adminSql, createWorkspace } from "./harness/fixtures.ts";
import {
  demoOAuthConfig,
  obtainGrant,
  oauthDefinition,
  seedOAuthCredential,
  startOAuthTarget,
  tokenState,
} from "./harness/oauth.ts";
import { insertConnectorRow, insertExecution } from "./harness/rows.ts";

const keyring = parseKeyring(DEV_CREDENTIALS_KEYS);
const sql = postgres(inject("apiLoginUrl"), { max: 2, onnotice: () => {} });
afterAll(() => sql.end({ timeout: 2 }));

describe("a refresh refused while the credential is reconnected", () => {
  it("reads the reconnected row and runs with its token; the credential stays connected", async () => {
    const t = await startOAuthTarget({ tokenDelayMs: 600 });
    try {
      const workspaceId = await createWorkspace("OAuth reconnect race");
      const connectorId = await insertConnectorRow(workspaceId);
      const config = demoOAuthConfig(t.origin);
      await seedOAuthCredential(adminSql(), keyring, {
        workspaceId,
        name: "crm",
        allowedHosts: [t.host],
        config,
        secrets: await obtainGrant(t.origin),
        status: "connected",
        expiresInSeconds: -1,
      });
      // The old grant is revoked at the provider: its refresh will be refused (invalid_grant).
      await fetch(`${t.origin}/oauth/revoke`, { method: "POST", body: "all=1" });
      const fresh = await obtainGrant(t.origin);
      const policy = parseAllowList(t.host);
      const executionId = await insertExecution({
        workspaceId,
        connectorId,
        definition: oauthDefinition(t.origin, "crm"),
      });
      const run = runExecution(
        { executionId },
        {
          sql,
          keyring,
          fetch: createNodeFetch({ policy }),
          policy,
          runId: "reconnect-race",
          runner: "trigger",
          staleClaimSeconds: 60,
          cancelPollMs: 200,
        },
      );
      // While the refused refresh is in flight, a person reconnects: new tokens, a new version.
      for (let i = 0; i < 100; i++) {
        if ((await tokenState(adminSql(), workspaceId, "crm")).refresh_holder) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const sealed = await encryptCredential(
        keyring,
        {
          workspaceId,
          name: "crm",
          allowedHosts: [t.host],
          placements: ["header"],
          queryParam: null,
          oauth: config,
        },
        serializeOAuthSecrets({ clientSecret: DEMO_OAUTH_CLIENT.clientSecret, ...fresh }),
      );
      await adminSql().begin(async (tx) => {
        await tx`set local role service_role`;
        await tx`
          update connectors.workspace_api_credentials
          set ciphertext = ${sealed.ciphertext}, key_version = ${sealed.keyVersion},
              token_version = token_version + 1, oauth_status = 'connected',
              expires_at = now() + interval '1 hour'
          where workspace_id = ${workspaceId} and name = 'crm'`;
      });
      expect(await run).toMatchObject({ status: "succeeded" });
      expect((await tokenState(adminSql(), workspaceId, "crm")).oauth_status).toBe("connected");
    } finally {
      await t.close();
    }
  });
});
