import { CheckViolation, Conflict, MissingReference, Refused } from "../../db/errors.ts";
import { ApiError } from "../../lib/errors.ts";

/** Template writes the database refused, as HTTP: slug taken 409, policy or guard 403, else 400. */
export function mapTemplateWriteError(error: unknown): never {
  if (error instanceof Conflict) {
    throw new ApiError("conflict", "A template with this slug exists already.", {
      details: [{ path: "slug", message: "choose another slug" }],
    });
  }
  if (error instanceof Refused) {
    throw new ApiError("forbidden", "The database refused this change to the template.");
  }
  if (error instanceof MissingReference) {
    throw new ApiError("invalid_request", "ownerWorkspaceId names no workspace.", {
      details: [{ path: "ownerWorkspaceId", message: "no such workspace" }],
    });
  }
  if (error instanceof CheckViolation) {
    throw new ApiError(
      "invalid_request",
      "The template would break a rule: a workspace template needs an owner workspace.",
      { details: [{ path: "visibility", message: "workspace needs ownerWorkspaceId" }] },
    );
  }
  throw error;
}
