// The API's types flow to a TypeScript client end to end: `hc<AppType>` from hono/client.
import { hc } from "hono/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { HttpMethod } from "../engine/definition.ts";
import { EXAMPLE_DEFINITION } from "../engine/examples.ts";
import { type AppType, createApp } from "../worker/app.ts";
import { testEnv } from "./harness/app.ts";
import { simpleDefinition } from "./harness/definitions.ts";
import { createTeam, insertCredentialRow } from "./harness/fixtures.ts";

describe("typed client", () => {
  it("creates, lists and reads a connector with request and response types checked by tsc", async () => {
    const team = await createTeam();
    const app = createApp();
    const env = testEnv();
    const pending: Promise<unknown>[] = [];
    const ctx = {
      waitUntil: (p: Promise<unknown>) => pending.push(p),
      passThroughOnException() {},
      props: {},
    };
    const client = hc<AppType>("http://api.test", {
      headers: { authorization: `Bearer ${team.member.token}` },
      fetch: (input: RequestInfo | URL, init?: RequestInit) =>
        app.request(
          input instanceof Request ? input : String(input),
          init,
          env,
          ctx as unknown as ExecutionContext,
        ),
    });
    const ws = client.v1.workspaces[":ws"].connectors;

    const created = await ws.$post({
      param: { ws: team.workspaceId },
      json: { name: "Typed", definition: simpleDefinition() },
    });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const connector = await created.json();
    // `connector.name` is typed as string by the route's response schema.
    const name: string = connector.name;
    expect(name).toBe("Typed");
    // The definition is typed too, from the engine's schema: a step's method is the closed set.
    expectTypeOf(connector.definition.steps[0]?.request.method).toEqualTypeOf<
      HttpMethod | undefined
    >();
    expect(connector.definition.steps[0]?.request.method).toBe("GET");
    // Never called: tsc refuses a misspelled step field in the request body.
    const misspelled = () =>
      ws.$post({
        param: { ws: team.workspaceId },
        json: {
          name: "Typo",
          // @ts-expect-error `requets` is not a step field.
          definition: { steps: [{ id: "a", requets: { method: "GET", url: "https://x.test/" } }] },
        },
      });
    expect(typeof misspelled).toBe("function");

    // The README's example connector, as typed as the one above.
    await insertCredentialRow(team.workspaceId, "example_token", ["api.example.com"]);
    const example = await ws.$post({
      param: { ws: team.workspaceId },
      json: { name: "Enrich", definition: EXAMPLE_DEFINITION },
    });
    expect(example.status).toBe(201);
    if (example.status !== 201) return;
    const enrich = await example.json();
    expect(enrich.definition.steps.map((step) => step.request.method)).toEqual(["GET", "POST"]);

    const list = await ws.$get({ param: { ws: team.workspaceId }, query: { limit: "10" } });
    expect(list.status).toBe(200);
    if (list.status !== 200) return;
    const page = await list.json();
    expect(page.data.map((c) => c.id)).toContain(connector.id);

    const me = await client.v1.me.$get();
    if (me.status !== 200) throw new Error(`me: ${me.status}`);
    const body = await me.json();
    expect(body.workspaces.map((w) => w.role)).toEqual(["member"]);
  });
});
