// The README's example connector (look a person up, tag them, map two fields onto the contact),
// defined once for engine tests, the OpenAPI examples, the dev seed and the API suites.
import type { ConnectorDefinition } from "./definition.ts";

export type ExampleOptions = {
  /** Scheme and authority both steps call. */
  origin?: string;
  /** The credential the steps authenticate with. */
  credential?: string;
  /** Authenticate the second step too (the local demo target wants a token on every call). */
  authenticateEveryStep?: boolean;
};

/** The example pointed elsewhere; with no options it is exactly `EXAMPLE_DEFINITION`. */
export function exampleDefinition(options: ExampleOptions = {}): ConnectorDefinition {
  const { origin = "https://api.example.com", credential = "example_token" } = options;
  const auth = () => ({ type: "bearer", credential }) as const;
  return {
    input: {
      type: "object",
      required: ["email"],
      properties: { email: { type: "string" }, score: { type: "number" } },
    },
    steps: [
      {
        id: "find",
        request: {
          method: "GET",
          url: `${origin}/v1/people?email={{input.email}}`,
          headers: { Accept: "application/json" },
          auth: auth(),
          timeoutMs: 10000,
        },
        extract: { personId: "$.results[0].id", company: "$.results[0].company.name" },
        onError: "fail",
      },
      {
        id: "tag",
        request: {
          method: "POST",
          url: `${origin}/v1/people/{{steps.find.personId}}/tags`,
          ...(options.authenticateEveryStep ? { auth: auth() } : {}),
          body: { type: "json", value: { tag: "crm", score: "{{input.score}}" } },
        },
      },
    ],
    fieldMapping: {
      company: "{{steps.find.company}}",
      "custom_fields.external_id": "{{steps.find.personId}}",
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The example as the README shows it, frozen: clone it (`structuredClone`) to change it. */
export const EXAMPLE_DEFINITION: ConnectorDefinition = deepFreeze(exampleDefinition());
