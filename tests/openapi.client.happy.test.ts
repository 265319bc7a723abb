// A client generated from /v1/openapi.json (openapi-typescript + openapi-fetch) types the whole
// connector definition: tsc checks the example below against the API's own schemas.
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { EXAMPLE_DEFINITION } from "../engine/examples.ts";
import { createApp } from "../worker/app.ts";
import { testEnv } from "./harness/app.ts";
import { createTeam, insertCredentialRow } from "./harness/fixtures.ts";
import type { paths } from "./openapi/schema.d.ts";

describe("a client generated from the OpenAPI document", () => {
  it("creates the README's example connector with the definition typed end to end", async () => {
    const team = await createTeam();
    await insertCredentialRow(team.workspaceId, "example_token", ["api.example.com"]);
    const app = createApp();
    const env = testEnv();
    const client = createClient<paths>({
      baseUrl: "http://api.test",
      headers: { authorization: `Bearer ${team.member.token}` },
      fetch: (request) => Promise.resolve(app.request(request, undefined, env)),
    });

    const { data, error, response } = await client.POST("/v1/workspaces/{ws}/connectors", {
      params: { path: { ws: team.workspaceId } },
      body: { name: "Enrich", definition: EXAMPLE_DEFINITION },
    });
    expect(response.status, JSON.stringify(error)).toBe(201);
    expect(data?.definition).toEqual(EXAMPLE_DEFINITION);
    const method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | undefined =
      data?.definition.steps[0]?.request.method;
    expect(method).toBe("GET");
  });

  it("refuses, at compile time, a step with a misspelled field", () => {
    type CreateBody = NonNullable<
      paths["/v1/workspaces/{ws}/connectors"]["post"]["requestBody"]
    >["content"]["application/json"];
    const body: CreateBody = {
      name: "Typo",
      definition: {
        // @ts-expect-error `requets` is not a step field: the definition is typed, not `unknown`.
        steps: [{ id: "find", requets: { method: "GET", url: "https://api.example.com/" } }],
      },
    };
    expect(body.name).toBe("Typo");
  });
});
