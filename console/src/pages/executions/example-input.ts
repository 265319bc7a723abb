// A starting input for a run, read from the connector's input schema: every property with its
// example, default or an empty value of its type — so a first run needs no reading of the
// definition. Only a top-level object schema is filled in; anything else starts as {}.
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function sample(schema: unknown): Json {
  if (!schema || typeof schema !== "object") return "";
  const node = schema as Record<string, unknown>;
  if (Array.isArray(node.examples) && node.examples.length > 0) return node.examples[0] as Json;
  if ("example" in node) return node.example as Json;
  if ("default" in node) return node.default as Json;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0] as Json;
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return "";
  }
}

export function exampleInput(schema: unknown): string {
  if (!schema || typeof schema !== "object") return "{}";
  const properties = (schema as { properties?: unknown }).properties;
  if (!properties || typeof properties !== "object") return "{}";
  const input: Record<string, Json> = {};
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    input[name] = sample(property);
  }
  return JSON.stringify(input, null, 2);
}
