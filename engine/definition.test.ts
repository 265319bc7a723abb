import { describe, expect, it } from "vitest";
import {
  type ConnectorDefinition,
  credentialNamesUsed,
  renameCredentials,
  type ValidationContext,
  validateDefinition,
} from "./definition.ts";
import type { DefinitionProblem } from "./errors.ts";
import { checkInputSchema, validateInput } from "./input-schema.ts";
import { EMPTY_POLICY, parseAllowList } from "./outbound.ts";
import { specExample } from "./test-helpers.ts";

const ctx: ValidationContext = {
  credentialNames: new Set(["example_token", "other"]),
  credentialHosts: new Map([
    ["example_token", ["api.example.com"]],
    ["other", ["*.myshopify.com"]],
  ]),
  outbound: EMPTY_POLICY,
};

function problems(definition: unknown, context: ValidationContext = ctx): DefinitionProblem[] {
  const result = validateDefinition(definition, context);
  return result.ok ? [] : result.problems;
}

function mutate(change: (d: ConnectorDefinition) => void): ConnectorDefinition {
  const definition = structuredClone(specExample());
  change(definition);
  return definition;
}

function firstStep(d: ConnectorDefinition) {
  return d.steps[0] as ConnectorDefinition["steps"][number];
}
function secondStep(d: ConnectorDefinition) {
  return d.steps[1] as ConnectorDefinition["steps"][number];
}

describe("validateDefinition", () => {
  it("accepts the example connector", () => {
    const result = validateDefinition(specExample(), ctx);
    expect(result).toEqual({ ok: true, definition: specExample() });
  });

  it("accepts a minimal definition without credentials context", () => {
    expect(
      problems(
        { steps: [{ id: "a", request: { method: "GET", url: "https://x.example.com/" } }] },
        { outbound: EMPTY_POLICY },
      ),
    ).toEqual([]);
  });

  const cases: [string, (d: ConnectorDefinition) => void, string, RegExp][] = [
    [
      "an unknown template root",
      (d) => {
        secondStep(d).request.url = "https://api.example.com/v1/{{secrets.x}}";
      },
      "steps[1].request.url",
      /unknown template root "secrets"/,
    ],
    [
      "a step referencing itself",
      (d) => {
        firstStep(d).request.url = "https://api.example.com/v1?id={{steps.find.personId}}";
      },
      "steps[0].request.url",
      /cannot reference itself/,
    ],
    [
      "a step referencing a later step",
      (d) => {
        firstStep(d).request.headers = { "X-Id": "{{steps.tag.status}}" };
      },
      'steps[0].request.headers["X-Id"]',
      /runs after this step/,
    ],
    [
      "a reference to a step that does not exist",
      (d) => {
        secondStep(d).request.url = "https://api.example.com/{{steps.ghost.id}}";
      },
      "steps[1].request.url",
      /no step "ghost"/,
    ],
    [
      "an extracted name no earlier step defines",
      (d) => {
        secondStep(d).request.url = "https://api.example.com/{{steps.find.nope}}";
      },
      "steps[1].request.url",
      /does not extract "nope"/,
    ],
    [
      "a credential the workspace does not have",
      (d) => {
        firstStep(d).request.auth = { type: "bearer", credential: "missing_token" };
      },
      "steps[0].request.auth.credential",
      /no credential "missing_token"/,
    ],
    [
      "a credential placeholder the workspace does not have",
      (d) => {
        secondStep(d).request.body = { type: "json", value: { k: "{{workspace.missing_token}}" } };
      },
      "steps[1].request.body.value.k",
      /no credential "missing_token"/,
    ],
    [
      "a malformed JSONPath",
      (d) => {
        firstStep(d).extract = { personId: "$.results[0" };
      },
      "steps[0].extract.personId",
      /invalid JSONPath/,
    ],
    [
      "a body on a GET",
      (d) => {
        firstStep(d).request.body = { type: "json", value: {} };
      },
      "steps[0].request.body",
      /GET request cannot have a body/,
    ],
    [
      "an Authorization header next to bearer auth",
      (d) => {
        firstStep(d).request.headers = { authorization: "Bearer x" };
      },
      "steps[0].request.headers.authorization",
      /conflicts with bearer auth/,
    ],
    [
      "a forbidden header",
      (d) => {
        firstStep(d).request.headers = { Host: "evil.test" };
      },
      "steps[0].request.headers.Host",
      /set by the transport/,
    ],
    [
      "an unknown auth type",
      (d) => {
        (firstStep(d).request as { auth: unknown }).auth = { type: "oauth", credential: "x" };
      },
      "steps[0].request.auth.type",
      /Invalid/,
    ],
    [
      "an unknown method",
      (d) => {
        (firstStep(d).request as { method: string }).method = "TRACE";
      },
      "steps[0].request.method",
      /Invalid/,
    ],
    [
      "a duplicate step id",
      (d) => {
        secondStep(d).id = "find";
      },
      "steps[1].id",
      /duplicates the id of steps\[0\]/,
    ],
    [
      "more than 20 steps",
      (d) => {
        d.steps = Array.from({ length: 21 }, (_, i) => ({
          id: `s${i}`,
          request: { method: "GET" as const, url: "https://api.example.com/" },
        }));
      },
      "steps",
      /at most 20 steps/,
    ],
    [
      "an invalid JSON Schema for input",
      (d) => {
        d.input = { type: "object", properties: { email: { type: "strin" } } };
      },
      "input.properties.email.type",
      /must be one or more of/,
    ],
    [
      "a templated URL host beyond one leading label",
      (d) => {
        firstStep(d).request.url = "https://{{input.host}}/v1";
      },
      "steps[0].request.url",
      /host and port must be literal/,
    ],
    [
      "a literal host the outbound guard refuses",
      (d) => {
        firstStep(d).request.url = "http://169.254.169.254/latest/meta-data";
        firstStep(d).request.auth = { type: "none" };
      },
      "steps[0].request.url",
      /outbound guard refuses/,
    ],
    [
      "a step URL outside a credential's allowedHosts",
      (d) => {
        firstStep(d).request.url = "https://attacker.example.net/collect";
      },
      "steps[0].request.url",
      /credential "example_token" may not be sent to attacker.example.net/,
    ],
    [
      "a credential placeholder sent outside its allowedHosts",
      (d) => {
        secondStep(d).request.headers = { "X-Key": "{{credentials.example_token}}" };
        secondStep(d).request.url = "https://other.example.org/x";
      },
      "steps[1].request.url",
      /credential "example_token" may not be sent/,
    ],
    [
      "a credential mapped onto a contact",
      (d) => {
        d.fieldMapping = { notes: "{{credentials.example_token}}" };
      },
      "fieldMapping.notes",
      /cannot be mapped/,
    ],
    [
      "a mapping referencing an extraction that does not exist",
      (d) => {
        d.fieldMapping = { "custom_fields.x": "{{steps.tag.nope}}" };
      },
      'fieldMapping["custom_fields.x"]',
      /does not extract "nope"/,
    ],
    [
      "an unterminated placeholder",
      (d) => {
        firstStep(d).request.headers = { Accept: "{{input.email" };
      },
      "steps[0].request.headers.Accept",
      /unterminated/,
    ],
    [
      "a non-http scheme",
      (d) => {
        firstStep(d).request.url = "file:///etc/passwd";
      },
      "steps[0].request.url",
      /scheme "file:" is not allowed/,
    ],
    [
      "a timeout above the maximum",
      (d) => {
        firstStep(d).request.timeoutMs = 120_000;
      },
      "steps[0].request.timeoutMs",
      /at most 60000/,
    ],
    [
      "an extracted name called status",
      (d) => {
        firstStep(d).extract = { status: "$.status" };
      },
      "steps[0].extract.status",
      /reserved/,
    ],
    [
      "a prototype key as step id",
      (d) => {
        firstStep(d).id = "__proto__";
      },
      "steps[0].id",
      /reserved/,
    ],
    [
      "an unknown property (typo)",
      (d) => {
        (firstStep(d).request as Record<string, unknown>).header = {};
      },
      "steps[0].request.header",
      /unknown property/,
    ],
    [
      "an api_key query name clashing with a query parameter",
      (d) => {
        firstStep(d).request.auth = {
          type: "api_key",
          credential: "example_token",
          in: "query",
          name: "key",
        };
        firstStep(d).request.query = { key: "x" };
      },
      "steps[0].request.auth.name",
      /conflicts with the key query parameter/,
    ],
  ];

  it.each(cases)("reports %s at its path", (_, change, path, message) => {
    const found = problems(mutate(change));
    expect(found, JSON.stringify(found)).toContainEqual({
      path,
      message: expect.stringMatching(message),
    });
  });

  it("reports every problem, not only the first", () => {
    const found = problems(
      mutate((d) => {
        secondStep(d).request.url = "https://api.example.com/{{steps.find.nope}}";
        firstStep(d).extract = { personId: "$[", company: "$.x" };
      }),
    );
    expect(found.map((p) => p.path).sort()).toEqual([
      "steps[0].extract.personId",
      "steps[1].request.url",
    ]);
  });

  it("allows steps.<id>.status of an earlier step", () => {
    expect(
      problems(
        mutate((d) => {
          secondStep(d).request.headers = { "X-Prev": "{{steps.find.status}}" };
        }),
      ),
    ).toEqual([]);
  });

  it("skips the credential check when the workspace's names are not given", () => {
    expect(
      problems(
        mutate((d) => {
          firstStep(d).request.auth = { type: "bearer", credential: "unknown_one" };
        }),
        { outbound: EMPTY_POLICY },
      ),
    ).toEqual([]);
  });

  it("checks a templated subdomain against wildcard bindings", () => {
    const definition = mutate((d) => {
      firstStep(d).request.url = "https://{{input.shop}}.myshopify.com/admin";
      firstStep(d).request.auth = { type: "bearer", credential: "other" };
    });
    expect(problems(definition)).toEqual([]);
    const tooBroad = mutate((d) => {
      firstStep(d).request.url = "https://{{input.shop}}.com/admin";
      firstStep(d).request.auth = { type: "none" };
    });
    expect(problems(tooBroad)).toContainEqual({
      path: "steps[0].request.url",
      message: expect.stringMatching(/at least two labels/),
    });
    const unbound = mutate((d) => {
      firstStep(d).request.url = "https://{{input.shop}}.myshopify.com/admin";
    });
    expect(problems(unbound)).toContainEqual({
      path: "steps[0].request.url",
      message: expect.stringMatching(/may not be sent to \*\.myshopify\.com/),
    });
  });

  it("lets the allow list admit local targets at save time, as at run time", () => {
    const local = mutate((d) => {
      firstStep(d).request.url = "http://127.0.0.1:8788/v1/people";
      secondStep(d).request.url = "http://127.0.0.1:8788/v1/people/{{steps.find.personId}}/tags";
    });
    const context = {
      ...ctx,
      credentialHosts: new Map([["example_token", ["127.0.0.1:8788"]]]),
    };
    expect(problems(local, context)).toContainEqual({
      path: "steps[0].request.url",
      message: expect.stringMatching(/outbound guard/),
    });
    expect(problems(local, { ...context, outbound: parseAllowList("127.0.0.1:8788") })).toEqual([]);
  });

  it("turns shape errors into problems with paths", () => {
    expect(problems({})).toContainEqual({ path: "steps", message: expect.any(String) });
    expect(problems({ steps: [] })).toContainEqual({
      path: "steps",
      message: "a connector needs at least one step",
    });
    expect(problems("nope")).toHaveLength(1);
  });
});

describe("credential helpers", () => {
  it("lists the credentials a definition uses", () => {
    const definition = mutate((d) => {
      secondStep(d).request.headers = { "X-Key": "{{workspace.other}}" };
    });
    expect([...credentialNamesUsed(definition)].sort()).toEqual(["example_token", "other"]);
  });

  it("renames template credentials to the workspace's", () => {
    const definition = mutate((d) => {
      secondStep(d).request.headers = { "X-Key": "k={{ workspace.example_token }}" };
    });
    const renamed = renameCredentials(definition, { example_token: "hubspot" });
    expect(renamed.steps[0]?.request.auth).toEqual({ type: "bearer", credential: "hubspot" });
    expect(renamed.steps[1]?.request.headers).toEqual({ "X-Key": "k={{credentials.hubspot}}" });
    expect(renamed.steps[1]?.request.url).toBe(definition.steps[1]?.request.url);
  });
});

describe("input schema", () => {
  it("accepts local references that resolve", () => {
    const schema = {
      type: "object",
      $defs: { email: { type: "string", $anchor: "mail" } },
      properties: { a: { $ref: "#/$defs/email" }, b: { $ref: "#mail" } },
    };
    expect(checkInputSchema(schema)).toEqual([]);
    expect(validateInput(schema, { a: "x", b: "y" })).toEqual({ ok: true });
    expect(validateInput(schema, { a: 1 }).ok).toBe(false);
  });

  it("accepts ordinary schemas and validates input against them", () => {
    const schema = specExample().input;
    expect(checkInputSchema(schema)).toEqual([]);
    expect(validateInput(schema, { email: "a@example.com", score: 1 })).toEqual({ ok: true });
    const bad = validateInput(schema, { score: "x" });
    expect(bad.ok).toBe(false);
    expect(validateInput(undefined, { anything: 1 })).toEqual({ ok: true });
    expect(validateInput(undefined, [1])).toMatchObject({ ok: false });
  });

  it.each([
    [{ type: "string" }, "input.type"],
    [{ type: "object", required: "email" }, "input.required"],
    [{ type: "object", properties: { a: { pattern: "(" } } }, "input.properties.a.pattern"],
    [{ type: "object", properties: { a: { $ref: "#/$defs/nope" } } }, "input.properties.a.$ref"],
    [
      { type: "object", properties: { a: { $ref: "https://evil.test/s.json" } } },
      "input.properties.a.$ref",
    ],
    [{ type: "object", properties: { a: 5 } }, "input.properties.a"],
    [{ type: "object", minProperties: -1 }, "input.minProperties"],
  ])("refuses %j at %s", (schema, path) => {
    expect(checkInputSchema(schema).map((p) => p.path)).toContain(path);
  });
});
