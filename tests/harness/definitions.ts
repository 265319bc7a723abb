import type { ConnectorDefinition } from "../../engine/definition.ts";

export { specExample } from "../../scripts/lib/demo-data.ts";

/** A one-step definition with no credential, against a public-looking host. */
export function simpleDefinition(url = "https://api.example.com/v1/ping"): ConnectorDefinition {
  return { steps: [{ id: "ping", request: { method: "GET", url } }] };
}
