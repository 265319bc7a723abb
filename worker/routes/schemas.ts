import { z } from "@hono/zod-openapi";
import type { ConnectorDefinition } from "../../engine/definition.ts";
import { ERROR_CODES, ERROR_STATUS } from "../lib/errors.ts";

const statusOfEachCode = Object.entries(ERROR_STATUS)
  .map(([code, status]) => `\`${code}\` ${status}`)
  .join(", ");

export const ErrorCodeSchema = z.enum(ERROR_CODES).openapi("ErrorCode", {
  description: `What went wrong, one of a closed set, each with its HTTP status: ${statusOfEachCode}.`,
  example: "not_found",
});

/** The error envelope every non-2xx answer carries (README "API at a glance"). */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string().openapi({ example: "Connector not found." }),
      details: z.unknown().optional(),
      requestId: z.string().openapi({ example: "req_5f0c6a3e-8d0b-4a36-9c8c-2f1d1f0d4a11" }),
    }),
  })
  .openapi("Error");

/** A documented JSON response: its description and the schema of its body. */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { "application/json": { schema } } };
}

export const errorContent = (description: string) => jsonResponse(description, ErrorSchema);

/** Responses every authenticated route can give, merged into each route's own. */
export const commonErrors = {
  400: errorContent("Malformed request: `details` holds the validation issues."),
  401: errorContent("Missing, malformed, expired or otherwise invalid bearer token."),
  413: errorContent("Request body over 256 KiB."),
  429: errorContent(
    "Rate limit reached: the caller's, or on a workspace route the workspace's (charged only " +
      "for proven members); see `Retry-After`.",
  ),
  500: errorContent("Unexpected error (logged with the request id)."),
  503: errorContent("A dependency (the database) is unavailable; retry later."),
} as const;

export const workspaceErrors = {
  ...commonErrors,
  403: errorContent("The caller's role in the workspace does not allow this."),
  404: errorContent("Not found, or in a workspace the caller is not a member of."),
} as const;

export const WorkspaceIdParam = z.string().openapi({
  param: { name: "ws", in: "path" },
  description: "Workspace id (UUID).",
  example: "11111111-1111-4111-8111-111111111111",
});

export const bearerSecurity = [{ bearerAuth: [] }];

/** A documented property: what it is, and an example, in one line. */
export function described<T extends z.ZodType>(
  schema: T,
  description: string,
  example: unknown,
): T {
  return schema.openapi({ description, example });
}

/**
 * A definition in a request body: documented as the engine's `ConnectorDefinition` (and typed as
 * one for clients) while the request validator only asks for an object, as before; the engine's
 * own check then answers 422 `invalid_definition` with every problem's path, not a 400.
 */
export const DefinitionInput = z
  .custom<ConnectorDefinition>()
  .check((ctx) => {
    const value = ctx.value as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      ctx.issues.push({ code: "invalid_type", expected: "object", input: value });
    }
  })
  .transform((definition): Record<string, unknown> => definition)
  .openapi("ConnectorDefinition", { type: "object" });
