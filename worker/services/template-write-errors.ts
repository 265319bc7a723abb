import { CheckViolation, MissingReference, Refused, UniqueViolation } from "../db/errors.ts";
import { Conflict, Forbidden, Invalid } from "../lib/errors.ts";

/** Template writes the database refused, said for templates: slug taken, policy, bad owner. */
export function templateWriteError(error: unknown): never {
  if (error instanceof UniqueViolation) {
    throw new Conflict("A template with this slug exists already.", [
      { path: "slug", message: "choose another slug" },
    ]);
  }
  if (error instanceof Refused) {
    throw new Forbidden("The database refused this change to the template.");
  }
  if (error instanceof MissingReference) {
    throw new Invalid("ownerWorkspaceId names no workspace.", [
      { path: "ownerWorkspaceId", message: "no such workspace" },
    ]);
  }
  if (error instanceof CheckViolation) {
    throw new Invalid(
      "The template would break a rule: a workspace template needs an owner workspace.",
      [{ path: "visibility", message: "workspace needs ownerWorkspaceId" }],
    );
  }
  throw error;
}
