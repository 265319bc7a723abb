// A page whose items array is larger than anything a step keeps (engine/README.md "Pagination"):
// `itemsPath` naming the array itself (`$.results`, as every official template does) is cut at
// `maxItems` like a wildcard is, and the step is truncated — not crashed by the array's size.
import { describe, expect, it } from "vitest";
import type { ConnectorDefinition } from "./definition.ts";
import { runSteps } from "./run.ts";
import { localServers, policyFor, recordingSleep } from "./test-helpers.ts";

const server = localServers();

describe("a page larger than the step keeps", () => {
  it("200,000 items under `$.results` truncate at maxItems with onLimit: truncate", async () => {
    const body = `{"results":[${new Array(200_000).fill("0").join(",")}],"next":"more"}`;
    const target = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const definition: ConnectorDefinition = {
      steps: [
        {
          id: "list",
          request: { method: "GET", url: `${target.origin}/items` },
          paginate: {
            type: "cursor",
            cursorPath: "$.next",
            param: "c",
            itemsPath: "$.results",
            maxItems: 500,
            onLimit: "truncate",
          },
          extract: { first: "$.items[0]", truncated: "$.truncated", pages: "$.pages" },
        },
      ],
    };
    const result = await runSteps(
      definition,
      { input: {}, credentials: {} },
      { fetch, policy: policyFor(target), sleep: recordingSleep().sleep, random: () => 0 },
    );
    expect(result.error).toBeUndefined();
    expect(result.status).toBe("succeeded");
    expect(result.output.list).toMatchObject({ first: 0, truncated: true, pages: 1 });
  });
});
