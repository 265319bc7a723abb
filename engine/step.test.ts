import { describe, expect, it } from "vitest";
import type { Step } from "./definition.ts";
import { createRunState, recordStep } from "./run-state.ts";
import { exchange, runStep } from "./step.ts";
import { json, localServers, policyFor, recordingSleep, type TestServer } from "./test-helpers.ts";

const server = localServers();
const SECRET = "tok_step_3c1d9e7f";

async function pages(): Promise<TestServer> {
  return server((req, res) => {
    const page = Number(new URL(req.url, "http://x").searchParams.get("page") ?? "1");
    json(res, 200, { page, next: page < 2 ? page + 1 : null });
  });
}

function stateFor(target: TestServer) {
  return createRunState(
    {
      input: { page: 1 },
      credentials: { tok: { value: SECRET, allowedHosts: [`127.0.0.1:${target.port}`] } },
    },
    { fetch, policy: policyFor(target), sleep: recordingSleep().sleep },
  );
}

function list(target: TestServer): Step {
  return {
    id: "list",
    request: {
      method: "GET",
      url: `${target.origin}/items?page={{input.page}}`,
      auth: { type: "bearer", credential: "tok" },
    },
    extract: { page: "$.page", next: "$.next" },
  };
}

describe("runStep over an explicit run state", () => {
  it("leaves the state it is given as it was; recordStep makes the next one from the update", async () => {
    const target = await pages();
    const state = stateFor(target);
    const { result, update } = await runStep(list(target), state);
    expect(result.outcome).toBe("succeeded");
    expect(state.steps).toEqual([]);
    expect(state.scope.steps).toEqual({});
    expect(state.output).toEqual({});

    const next = recordStep(state, "list", result, update);
    expect(next.steps).toEqual([result]);
    expect(next.scope.steps).toEqual({ list: { page: 1, next: 2, status: 200 } });
    expect(next.output).toEqual({ list: { page: 1, next: 2 } });
    expect(next.taint.size).toBe(0);
  });

  it("a step's exchange can run more than once against one state, as pages of a list would", async () => {
    const target = await pages();
    const state = stateFor(target);
    const step = list(target);
    const first = await exchange(step, state, state.now());
    const second = await exchange(
      { ...step, request: { ...step.request, url: `${target.origin}/items?page=2` } },
      state,
      state.now(),
    );
    expect(first.extracted).toEqual({ page: 1, next: 2 });
    expect(second.extracted).toEqual({ page: 2, next: null });
    expect(target.requests.map((r) => r.url)).toEqual(["/items?page=1", "/items?page=2"]);
    expect(target.requests.every((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
  });

  it("a failed exchange returns its failure and what it reached; the update adds no output", async () => {
    const target = await server((_, res) => json(res, 500, { error: SECRET }));
    const state = stateFor(target);
    const { result, update } = await runStep({ ...list(target), retry: false }, state);
    expect(result.outcome).toBe("failed");
    expect(result.error?.kind).toBe("http_error");
    expect(result.status).toBe(500);
    expect(result.responseBody).not.toContain(SECRET);
    expect(update).toEqual({ values: { status: 500 }, output: null, taint: [] });
  });
});
