// B7, B8 and B9's server: the bench stack (lib/stack.ts) with the Trigger.dev runner pointed at a
// local stand-in of the Trigger.dev API (tests/harness/trigger-standin.ts), as production runs.
// While B7 and B8 measure, the stand-in accepts runs and starts none, so the worker's CPU is its
// own (verify, insert, dispatch) and no run competes for the machine. For B9 it runs the real
// task body in this process against the demo target's OAuth provider, as Trigger.dev would.
import postgres from "postgres";
import { EXECUTION_ENV as EXEC } from "../../../execution/env-names.ts";
import { type OAuthTarget, startOAuthTarget } from "../../../tests/harness/oauth.ts";
import {
  startTriggerStandIn,
  type TriggerStandIn,
} from "../../../tests/harness/trigger-standin.ts";
import { call } from "../../lib/burst.ts";
import { type BenchStack, startBenchStack } from "./stack.ts";

/** B9's concurrent executions; the workspace's limit is raised to let them all run at once. */
export const OAUTH_RUNS = 20;

export type DispatchStack = BenchStack & {
  standIn: TriggerStandIn;
  oauth: OAuthTarget;
  /** The worker's login role, for the task body the stand-in runs (as a task's own pool). */
  taskSql: postgres.Sql;
  /** The first seeded connector: what B7 and B8 start. */
  connectorId: string;
};

export async function startDispatchStack(say: (message: string) => void): Promise<DispatchStack> {
  const oauth = await startOAuthTarget({ tokenDelayMs: 300 });
  const standIn = await startTriggerStandIn(async () => {
    throw new Error("the bench sets its task body before it lets runs start");
  });
  standIn.withhold("QUEUED");
  let stack: BenchStack | undefined;
  try {
    stack = await startBenchStack(say, {
      vars: {
        RUNNER: "trigger",
        TRIGGER_API_URL: standIn.url,
        TRIGGER_SECRET_KEY: standIn.secretKey,
        [EXEC.outboundAllowHosts]: oauth.host,
        [EXEC.concurrencyPerWorkspace]: String(OAUTH_RUNS),
      },
    });
    const base = stack;
    const admin = postgres(base.superuserUrl, { max: 1, onnotice: () => {} });
    let connectorId = "";
    try {
      const [row] = await admin<{ id: string }[]>`
        select id from connectors.connectors where workspace_id = ${base.workspaceId}
        order by created_at, id limit 1`;
      connectorId = row?.id ?? "";
    } finally {
      await admin.end();
    }
    if (!connectorId) throw new Error("dispatch bench: no seeded connector");
    const taskSql = postgres(base.apiLoginUrl, { max: 40, onnotice: () => {} });
    return {
      ...base,
      standIn,
      oauth,
      taskSql,
      connectorId,
      stop: async () => {
        await standIn.settle().catch(() => {});
        await taskSql.end({ timeout: 2 }).catch(() => {});
        await standIn.close();
        await oauth.close();
        await base.stop();
      },
    };
  } catch (error) {
    await stack?.stop();
    await standIn.close();
    await oauth.close();
    throw error;
  }
}

/** POST …/executions once; its status and the execution id. */
export async function startOne(stack: DispatchStack, token: string, input: unknown) {
  const answer = await call<{ id: string }>(
    stack.base,
    token,
    "POST",
    `/v1/workspaces/${stack.workspaceId}/connectors/${stack.connectorId}/executions`,
    { input },
  );
  return { status: answer.status, id: answer.body?.id ?? "", text: answer.text };
}
