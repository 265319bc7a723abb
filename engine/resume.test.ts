// `{{execution.stepKey}}` and resuming a run after its committed steps (engine/README.md,
// docs/RELIABILITY.md): the same key on every attempt of a step, the same requests and results
// from a resumed run as from an uninterrupted one, and tainted values tainted again.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConnectorDefinition } from "./definition.ts";
import { renderString } from "./interpolate.ts";
import type { OutboundPolicy } from "./outbound.ts";
import { type CredentialInput, type RunDeps, runSteps, type StepResult } from "./run.ts";
import type { CommittedTaint } from "./run-state.ts";
import { json, localServers, policyFor, recordingSleep, type TestServer } from "./test-helpers.ts";

const server = localServers();

function deps(policy: OutboundPolicy, extra: Partial<RunDeps> = {}): RunDeps {
  return { fetch, policy, sleep: recordingSleep().sleep, random: () => 0, ...extra };
}

/** Answers every request with a value derived from its path, so each step extracts its own. */
async function vendor(): Promise<TestServer> {
  return server((req, res) => json(res, 200, { v: `from${req.url.split("?")[0]}` }));
}

/** `n` steps, each sending its stepKey and the previous step's value. */
function chain(target: TestServer, n: number): ConnectorDefinition {
  return {
    steps: Array.from({ length: n }, (_, i) => ({
      id: `s${i}`,
      request: {
        method: "POST" as const,
        url: `${target.origin}/s${i}`,
        headers: { "Idempotency-Key": "{{execution.stepKey}}" },
        body: {
          type: "json" as const,
          value: { previous: i === 0 ? "" : `{{steps.s${i - 1}.v}}` },
        },
      },
      extract: { v: "$.v" },
    })),
    fieldMapping: { company: `{{steps.s${n - 1}.v}}` },
  };
}

const sent = (target: TestServer) =>
  target.requests.map((r) => `${r.url} ${r.headers["idempotency-key"] ?? "-"} ${r.body}`);
const withoutTimes = (steps: StepResult[]) => steps.map(({ durationMs: _, ...rest }) => rest);

describe("{{execution.stepKey}}", () => {
  const ctx = { input: {}, credentials: {}, steps: {} };

  it("renders the execution id and the step id; a dry run has none, like execution.id", () => {
    const execution = { id: "exec-1", stepKey: "exec-1:find" };
    expect(renderString("{{execution.stepKey}}|{{execution.id}}", { ...ctx, execution })).toBe(
      "exec-1:find|exec-1",
    );
    expect(
      renderString("[{{execution.stepKey}}][{{execution.id}}]", { ...ctx, execution: null }),
    ).toBe("[][]");
    expect(() => renderString("{{execution.step}}", ctx)).toThrow(/execution.stepKey/);
  });

  it("each step sends its own key; a dry run sends an empty one", async () => {
    const target = await vendor();
    const definition = chain(target, 2);
    await runSteps(
      definition,
      { input: {}, credentials: {}, executionId: "e-42" },
      deps(policyFor(target)),
    );
    await runSteps(definition, { input: {}, credentials: {} }, deps(policyFor(target)));
    expect(target.requests.map((r) => r.headers["idempotency-key"])).toEqual([
      "e-42:s0",
      "e-42:s1",
      "",
      "",
    ]);
  });

  it("property: a run resumed after any committed step sends what the uninterrupted run sends, with the same keys", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.nat(), async (n, at) => {
        const k = at % (n + 1);
        const target = await vendor();
        const run = (extra: Partial<RunDeps>) =>
          runSteps(
            chain(target, n),
            { input: {}, credentials: {}, executionId: "exec-p" },
            deps(policyFor(target), extra),
          );
        const full = await run({});
        const whole = sent(target);
        target.requests.splice(0);
        const resumed = await run({ resume: { steps: full.steps.slice(0, k) } });
        expect(sent(target)).toEqual(whole.slice(k));
        expect(withoutTimes(resumed.steps)).toEqual(withoutTimes(full.steps));
        expect([resumed.status, resumed.output, resumed.mapping]).toEqual([
          full.status,
          full.output,
          full.mapping,
        ]);
      }),
      { numRuns: 12 },
    );
  });

  it("a resumed run finishes a run whose committed last step failed as failed, sending nothing", async () => {
    const target = await vendor();
    const definition = chain(target, 2);
    const failed: StepResult = {
      ...(
        await runSteps(
          definition,
          { input: {}, credentials: {}, executionId: "e" },
          deps(policyFor(target)),
        )
      ).steps[0]!,
      outcome: "failed",
      error: { kind: "http_error", message: "HTTP 500" },
    };
    target.requests.splice(0);
    const resumed = await runSteps(
      definition,
      { input: {}, credentials: {}, executionId: "e" },
      deps(policyFor(target), { resume: { steps: [failed] } }),
    );
    expect(resumed.status).toBe("failed");
    expect(resumed.error).toMatchObject({ kind: "http_error", stepId: "s0" });
    expect(target.requests).toHaveLength(0);
  });
});

describe("resuming after a step whose values are tainted", () => {
  const secret = "examplesecrettokenvalue";
  it("taints them again: redacted output, kept to the credential's hosts, mapping skipped", async () => {
    const target = await server((req, res) => {
      const key = new URL(req.url, "http://x").searchParams.get("key") ?? "";
      json(res, 200, { company: `${key.slice(0, 7)} Ltd` });
    });
    const credentials: Record<string, CredentialInput> = {
      tok: {
        value: secret,
        allowedHosts: [`127.0.0.1:${target.port}`],
        placements: ["header", "query"],
      },
    };
    const definition: ConnectorDefinition = {
      steps: [
        {
          id: "find",
          request: {
            method: "GET",
            url: `${target.origin}/find`,
            query: { key: "{{credentials.tok}}" },
          },
          extract: { company: "$.company" },
        },
        {
          id: "send",
          request: { method: "GET", url: `${target.origin}/c?x={{steps.find.company}}` },
        },
      ],
      fieldMapping: { company: "{{steps.find.company}}" },
    };
    const tainted: Record<string, CommittedTaint> = {};
    const full = await runSteps(
      definition,
      { input: {}, credentials, executionId: "e" },
      deps(policyFor(target), {
        onStepResult: (result, _index, update) => {
          if (update.taint.length > 0)
            tainted[result.id] = { values: update.values, taint: update.taint };
        },
      }),
    );
    expect(tainted.find?.taint).toEqual(["tok"]);
    const whole = target.requests.map((r) => r.url);
    target.requests.splice(0);
    const resumed = await runSteps(
      definition,
      { input: {}, credentials, executionId: "e" },
      deps(policyFor(target), { resume: { steps: full.steps.slice(0, 1), tainted } }),
    );
    expect(target.requests.map((r) => r.url)).toEqual(whole.slice(1));
    expect(resumed.output).toEqual({ find: { company: "[REDACTED]" }, send: {} });
    expect(resumed.mappingSkipped).toEqual(full.mappingSkipped);
    expect(resumed.mappingSkipped?.length).toBe(1);
    expect(resumed.steps[1]?.url).toBe(full.steps[1]?.url);
    expect(JSON.stringify(resumed)).not.toContain("example");
  });
});
