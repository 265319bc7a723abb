// "The database is not reachable" as a client sees it, for the chaos scenarios: a set of API
// calls sent at once, each of which must answer 503 `unavailable` with the error envelope and
// Retry-After, no internals — and answer while the fault still lasts, not after it ends.
import { call } from "../lib/burst.ts";

const INTERNALS = /\s at |ECONNREFUSED|ETIMEDOUT|postgres|select |insert |\.ts:\d|node_modules/i;

export interface UnavailableAnswers {
  /** One line per call that answered otherwise (or only once the fault was over). */
  bad: string[];
  checked: number;
  slowestMs: number;
  health: boolean;
  healthDetail: string;
}

export async function unavailableEverywhere(
  base: string,
  at: {
    token: string;
    workspaceId: string;
    connectorId: string;
    executionId: string;
    /** Whether the fault still lasts (an answer that comes after it proves nothing). */
    stillDown: () => boolean;
  },
): Promise<UnavailableAnswers> {
  const prefix = `/v1/workspaces/${at.workspaceId}`;
  const input = { input: { email: "down@x.test" } };
  const calls: [string, string, unknown][] = [
    ["GET", "/v1/me", undefined],
    ["GET", `${prefix}/connectors`, undefined],
    ["GET", `${prefix}/connectors/${at.connectorId}`, undefined],
    ["POST", `${prefix}/connectors/${at.connectorId}/executions`, input],
    ["POST", `${prefix}/connectors/${at.connectorId}/test`, input],
    ["GET", `${prefix}/executions/${at.executionId}`, undefined],
    ["GET", "/v1/templates", undefined],
  ];
  const bad: string[] = [];
  let slowestMs = 0;
  const answers = calls.map(async ([method, path, body]) => {
    const res = await call<{ error?: { code?: string; requestId?: string; message?: string } }>(
      base,
      at.token,
      method,
      path,
      body,
    );
    const during = at.stillDown();
    slowestMs = Math.max(slowestMs, Math.round(res.ms));
    const envelope =
      res.body?.error?.code === "unavailable" &&
      typeof res.body.error.requestId === "string" &&
      typeof res.body.error.message === "string";
    if (res.status !== 503 || !envelope || res.headers.get("retry-after") === null) {
      bad.push(`${method} ${path} → ${res.status} ${res.text.slice(0, 160)}`);
    }
    if (!during) bad.push(`${method} ${path} answered only after the fault ended`);
    if (INTERNALS.test(res.text)) {
      bad.push(`${method} ${path} leaked internals: ${res.text.slice(0, 160)}`);
    }
  });
  const health = call<{ status?: string }>(base, "", "GET", "/health").then((res) => ({
    ok: res.status === 503 && res.body?.status === "degraded" && at.stillDown(),
    detail: `${res.status} ${res.text.slice(0, 100)}${at.stillDown() ? "" : " (after the fault)"}`,
  }));
  await Promise.all(answers);
  const healthAnswer = await health;
  return {
    bad,
    checked: calls.length,
    slowestMs,
    health: healthAnswer.ok,
    healthDetail: healthAnswer.detail,
  };
}

export interface Stream {
  /** Stops sending; resolves once every request sent has answered. */
  stop(): Promise<void>;
  /** The requests open at `at` (sent, not answered then), with when and how they answered. */
  openAt(at: number): { endedAt: number; status: number }[];
}

/** `lanes` clients sending GET `path` back to back, so requests are in flight at any moment. */
export function steadyRequests(base: string, token: string, path: string, lanes: number): Stream {
  const sent: { startedAt: number; endedAt: number; status: number }[] = [];
  let stopped = false;
  const lane = async () => {
    while (!stopped) {
      const startedAt = Date.now();
      const res = await call(base, token, "GET", path);
      sent.push({ startedAt, endedAt: Date.now(), status: res.status });
    }
  };
  const running = Promise.all(Array.from({ length: lanes }, lane));
  return {
    stop: async () => {
      stopped = true;
      await running;
    },
    openAt: (at) => sent.filter((r) => r.startedAt <= at && r.endedAt > at),
  };
}
