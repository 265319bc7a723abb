// The engine's side of OAuth tokens (tokens.ts, step.ts): a token asked for before the request,
// one forced refresh and one retry on a vendor 401, and a token source's failure failing the step
// before anything is sent. The token source here is a plain implementation of the interface over
// a counter; the database-backed one is exercised in tests/oauth.refresh.test.ts.
import { describe, expect, it } from "vitest";
import type { ConnectorDefinition } from "./definition.ts";
import { StepError } from "./errors.ts";
import { runSteps } from "./run.ts";
import { json, localServers, policyFor, recordingSleep, type TestServer } from "./test-helpers.ts";
import type { TokenRequest, TokenSource } from "./tokens.ts";

const server = localServers();

function definition(target: TestServer): ConnectorDefinition {
  return {
    steps: [
      {
        id: "read",
        request: {
          method: "GET",
          url: `${target.origin}/me`,
          auth: { type: "oauth2", credential: "crm" },
        },
        extract: { who: "$.who" },
      },
    ],
  };
}

/** Issues tok-1, tok-2, … : a new one whenever asked with `refused` set. */
function counterSource(): TokenSource & { asked: TokenRequest[] } {
  let current = 1;
  const asked: TokenRequest[] = [];
  return {
    asked,
    async accessToken(_name, request) {
      asked.push(request);
      if (request.refused === `tok-${current}`) current++;
      return { value: `tok-${current}`, tokenEndpointSecrets: ["client-secret-x", "refresh-y"] };
    },
  };
}

const context = (target: TestServer) => ({
  input: {},
  credentials: {
    crm: {
      value: "stale-token",
      allowedHosts: [`127.0.0.1:${target.port}`],
      oauth: { tokenHosts: ["tokens.example"], secrets: ["client-secret-x", "refresh-y"] },
    },
  },
});

describe("OAuth tokens in the engine", () => {
  it("asks the token source before the request and sends its token, not the stale one", async () => {
    const target = await server((req, res) => json(res, 200, { who: req.headers.authorization }));
    const tokens = counterSource();
    const result = await runSteps(definition(target), context(target), {
      fetch,
      policy: policyFor(target),
      tokens,
    });
    expect(result.status).toBe("succeeded");
    expect(target.requests.map((r) => r.headers.authorization)).toEqual(["Bearer tok-1"]);
    expect(tokens.asked).toHaveLength(1);
    expect(tokens.asked[0]?.refused).toBeUndefined();
    // The token the vendor echoed is redacted like any credential.
    expect(result.output.read?.who).toBe("Bearer [REDACTED]");
  });

  it("a 401 causes one forced refresh naming the refused token and one retry", async () => {
    const target = await server((req, res) =>
      req.headers.authorization === "Bearer tok-2"
        ? json(res, 200, { who: "ok" })
        : json(res, 401, { error: "invalid_token" }),
    );
    const tokens = counterSource();
    const result = await runSteps(definition(target), context(target), {
      fetch,
      policy: policyFor(target),
      tokens,
    });
    expect(result.status).toBe("succeeded");
    expect(tokens.asked.map((r) => r.refused ?? null)).toEqual([null, "tok-1"]);
    expect(target.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer tok-1",
      "Bearer tok-2",
    ]);
  });

  it("a vendor that keeps answering 401 gets exactly one retry, and the step fails http_error", async () => {
    const target = await server((_, res) => json(res, 401, { error: "invalid_token" }));
    const tokens = counterSource();
    const result = await runSteps(definition(target), context(target), {
      fetch,
      policy: policyFor(target),
      tokens,
      sleep: recordingSleep().sleep,
    });
    expect(result.error?.kind).toBe("http_error");
    expect(target.requests).toHaveLength(2);
    expect(tokens.asked).toHaveLength(2);
  });

  it("a token source that fails fails the step before any request, with its kind", async () => {
    const target = await server((_, res) => json(res, 200, {}));
    const tokens: TokenSource = {
      accessToken: async () => {
        throw new StepError("credential_error", 'credential "crm" needs to be authorized again');
      },
    };
    const result = await runSteps(definition(target), context(target), {
      fetch,
      policy: policyFor(target),
      tokens,
    });
    expect(result.error).toMatchObject({ kind: "credential_error", stepId: "read" });
    expect(target.requests).toHaveLength(0);
  });

  it("the client secret and refresh token are blocked from any host but the token endpoint's", async () => {
    const target = await server((_, res) => json(res, 200, {}));
    const leaky: ConnectorDefinition = {
      steps: [
        {
          id: "read",
          request: {
            method: "GET",
            url: `${target.origin}/me`,
            auth: { type: "oauth2", credential: "crm" },
            headers: { "X-Note": "refresh-y" },
          },
        },
      ],
    };
    const result = await runSteps(leaky, context(target), {
      fetch,
      policy: policyFor(target),
      tokens: counterSource(),
    });
    expect(result.error?.kind).toBe("blocked");
    expect(target.requests).toHaveLength(0);
  });
});
