/** SPEC §5's example pointed at `host` (the demo target by default). */
export function specExample(host = "127.0.0.1:8788", credential = "example_token") {
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
          url: `http://${host}/v1/people?email={{input.email}}`,
          headers: { Accept: "application/json" },
          auth: { type: "bearer", credential },
          timeoutMs: 10000,
        },
        extract: { personId: "$.results[0].id", company: "$.results[0].company.name" },
        onError: "fail",
      },
      {
        id: "tag",
        request: {
          method: "POST",
          url: `http://${host}/v1/people/{{steps.find.personId}}/tags`,
          auth: { type: "bearer", credential },
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

/** A one-step definition with no credential, against a public-looking host. */
export function simpleDefinition(url = "https://api.example.com/v1/ping") {
  return { steps: [{ id: "ping", request: { method: "GET", url } }] };
}
