// B9: 20 executions started at once through the API (workerd, Trigger.dev runner) on an oauth2
// credential whose access token expires within the refresh margin. The Trigger.dev stand-in runs
// the real task body for all 20 at the same time, in this process, as separate task runs would;
// the demo target's OAuth provider answers tokens after 300 ms (a wide race window) and rotates
// refresh tokens, revoking the grant if a rotated-away one comes back. Counted at the provider:
// refresh calls (goal: exactly 1), and every execution must succeed.
import postgres from "postgres";
import { parseKeyring } from "../../engine/crypto.ts";
import {
  demoOAuthConfig,
  obtainGrant,
  oauthDefinition,
  seedOAuthCredential,
} from "../../tests/harness/oauth.ts";
import { taskBodyFor, waitTerminal } from "../lib/burst.ts";
import { DEV_CREDENTIALS_KEYS } from "../lib/local-defaults.ts";
import { type DispatchStack, OAUTH_RUNS, startOne } from "./lib/dispatch-stack.ts";
import type { BenchLine } from "./lib/report.ts";

const CREDENTIAL = "crm";

export async function runB9(stack: DispatchStack): Promise<BenchLine> {
  const { oauth, standIn } = stack;
  const admin = postgres(stack.superuserUrl, { max: 1, onnotice: () => {} });
  try {
    const grant = await obtainGrant(oauth.origin);
    await seedOAuthCredential(admin, parseKeyring(DEV_CREDENTIALS_KEYS), {
      workspaceId: stack.workspaceId,
      name: CREDENTIAL,
      allowedHosts: [oauth.host],
      config: demoOAuthConfig(oauth.origin),
      secrets: grant,
      status: "connected",
      // Inside the 60 s margin: every run must have a fresh token before its request.
      expiresInSeconds: 30,
    });
    const [connector] = await admin<{ id: string }[]>`
      insert into connectors.connectors (workspace_id, name, definition)
      values (${stack.workspaceId}, 'OAuth lookup',
              ${admin.json(oauthDefinition(oauth.origin, CREDENTIAL))})
      returning id`;
    if (!connector) throw new Error("B9: connector not inserted");
    const before = { ...oauth.provider.stats };
    standIn.setTask(taskBodyFor(stack.taskSql, oauth.host));
    standIn.withhold(null);
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: OAUTH_RUNS }, (_, i) =>
        startOne({ ...stack, connectorId: connector.id }, stack.tokens[i] ?? "", {}),
      ),
    );
    const refused = answers.filter((a) => a.status !== 202);
    if (refused.length > 0) {
      throw new Error(`B9: ${refused.length} starts refused: ${refused[0]?.text}`);
    }
    const ids = answers.map((a) => a.id);
    const done = await waitTerminal(admin, ids, Date.now() + 60_000);
    await standIn.settle();
    standIn.withhold("QUEUED");
    const stats = oauth.provider.stats;
    const refreshes = stats.refreshes - before.refreshes;
    const succeeded = done.byStatus.succeeded ?? 0;
    const reused = stats.reusedRefreshTokens - before.reusedRefreshTokens;
    return {
      id: "B9",
      name: `${OAUTH_RUNS} concurrent executions on an expiring OAuth token, refresh calls`,
      value: succeeded === OAUTH_RUNS && reused === 0 ? refreshes : Number.NaN,
      goal: { min: 1, max: 1, unit: "calls" },
      detail: `${refreshes} refresh calls at the provider, ${reused} reused refresh tokens, ${stats.invalidGrants - before.invalidGrants} invalid grants; executions ${JSON.stringify(done.byStatus)} ${((done.at - started) / 1000).toFixed(1)} s after the starts`,
    };
  } finally {
    await admin.end();
  }
}
