// The public contract: /v1/openapi.json is a valid OpenAPI 3.1 document, its schemas for the
// definition, step results, error kinds and error codes come from the code that enforces them,
// and the committed client types are what the document generates today.
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
// Imported before the worker on purpose: the engine's schemas are then built before
// @hono/zod-openapi extends zod, and the document must still come out whole.
import { ConnectorDefinitionSchema } from "../engine/definition.ts";
import { STEP_ERROR_KINDS } from "../engine/errors.ts";
import { ERROR_CODES } from "../worker/lib/errors.ts";
import { CLIENT_TYPES_FILE, clientTypes } from "../scripts/lib/openapi.ts";
import { testClient } from "./harness/app.ts";

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
  required?: string[];
  additionalProperties?: boolean | Schema;
};
type Doc = { openapi: string; components: { schemas: Record<string, Schema> } } & Record<
  string,
  unknown
>;

async function document(): Promise<Doc> {
  const res = await testClient().json<Doc>("/v1/openapi.json");
  expect(res.status).toBe(200);
  return res.body;
}

describe("the OpenAPI document", () => {
  it("validates against the OpenAPI 3.1 schema", async () => {
    const doc = await document();
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it("describes the definition with the engine's schema, not an open object", async () => {
    const { components } = await document();
    expect(ConnectorDefinitionSchema.meta()?.id).toBe("ConnectorDefinition");
    const definition = components.schemas.ConnectorDefinition;
    expect(definition?.required).toEqual(["steps"]);
    expect(definition?.additionalProperties).toBe(false);
    expect(definition?.properties?.steps?.items?.$ref).toBe("#/components/schemas/Step");
    const request = components.schemas.StepRequest;
    expect(request?.properties?.method?.enum).toEqual([
      "GET",
      "POST",
      "PUT",
      "PATCH",
      "DELETE",
      "HEAD",
      "OPTIONS",
    ]);
    const body = components.schemas.CreateConnector;
    expect(body?.properties?.definition?.$ref).toBe("#/components/schemas/ConnectorDefinition");
  });

  it("closes the step error kinds and the error codes to the sets the code uses", async () => {
    const { components } = await document();
    expect(components.schemas.StepErrorKind?.enum).toEqual([...STEP_ERROR_KINDS]);
    expect(components.schemas.ErrorCode?.enum).toEqual(ERROR_CODES);
    expect(components.schemas.StepError?.properties?.kind?.$ref).toBe(
      "#/components/schemas/StepErrorKind",
    );
    expect(components.schemas.Error?.properties?.error?.properties?.code?.$ref).toBe(
      "#/components/schemas/ErrorCode",
    );
  });

  it("generates the committed client types (run `npm run openapi` after changing a route)", async () => {
    const generated = await clientTypes(await document());
    expect(generated === readFileSync(CLIENT_TYPES_FILE, "utf8")).toBe(true);
  });
});
