// `npm run load`, phase C: the API as users meet it while the wave runs. Per workspace one start
// a second on the OAuth connector (POST …/executions) and a reader listing the workspace's
// executions and reading a connector; every answer's latency, for p50/p99, and every 5xx.
import { type ApiAnswer, call, type Tenant } from "../lib/burst.ts";

export interface ProbeResult {
  latencies: number[];
  byOp: Map<string, number[]>;
  serverErrors: string[];
  unexpected: string[];
  /** Executions the starts created. */
  started: Set<string>;
}

export function probeApi(
  base: string,
  tenants: Tenant[],
  oauthConnectors: Map<string, string>,
  pauseMs = 250,
) {
  const result: ProbeResult = {
    latencies: [],
    byOp: new Map(),
    serverErrors: [],
    unexpected: [],
    started: new Set(),
  };
  let stopped = false;
  const record = (op: string, res: ApiAnswer<unknown>, ok: number) => {
    result.latencies.push(res.ms);
    const list = result.byOp.get(op) ?? [];
    list.push(res.ms);
    result.byOp.set(op, list);
    if (res.status >= 500 || res.status === 0) {
      result.serverErrors.push(`${op} → ${res.status} ${res.text.slice(0, 160)}`);
    } else if (res.status !== ok) {
      result.unexpected.push(`${op} → ${res.status} ${res.text.slice(0, 160)}`);
    }
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const starter = async (tenant: Tenant) => {
    const ws = `/v1/workspaces/${tenant.workspaceId}`;
    const connectorId = oauthConnectors.get(tenant.workspaceId) ?? "";
    for (let n = 0; !stopped; n++) {
      const next = Date.now() + 1_000;
      const res = await call<{ id: string }>(
        base,
        tenant.users[1]?.token ?? "",
        "POST",
        `${ws}/connectors/${connectorId}/executions`,
        { input: { email: `probe-${n}@load.test` } },
      );
      record("start_execution", res, 202);
      if (res.status === 202) result.started.add(res.body.id);
      await sleep(Math.max(0, next - Date.now()));
    }
  };
  const reader = async (tenant: Tenant) => {
    const ws = `/v1/workspaces/${tenant.workspaceId}`;
    const token = tenant.users[2]?.token ?? "";
    const connectorId = oauthConnectors.get(tenant.workspaceId) ?? "";
    while (!stopped) {
      record("list_executions", await call(base, token, "GET", `${ws}/executions?limit=20`), 200);
      record(
        "get_connector",
        await call(base, token, "GET", `${ws}/connectors/${connectorId}`),
        200,
      );
      await sleep(pauseMs);
    }
  };
  const running = Promise.all(tenants.flatMap((t) => [starter(t), reader(t)]));
  return {
    async stop(): Promise<ProbeResult> {
      stopped = true;
      await running;
      result.latencies.sort((a, b) => a - b);
      for (const list of result.byOp.values()) list.sort((a, b) => a - b);
      return result;
    },
  };
}
