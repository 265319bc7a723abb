// Writes the database refuses, as domain errors (lib/errors.ts maps those to HTTP once).
import { Conflict, Forbidden, Invalid, NotFound } from "../lib/errors.ts";

/** A unique constraint said no (e.g. a template slug that is taken). */
export class UniqueViolation extends Conflict {}

/** A policy or guard trigger said no (SQLSTATE 42501) — the caller may not do this. */
export class Refused extends Forbidden {}

/** A foreign key said no: the row points at something that does not exist (for the caller). */
export class MissingReference extends Invalid {}

/** A check constraint said no (e.g. a `workspace` template without an owner workspace). */
export class CheckViolation extends Invalid {}

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Rethrows a Postgres refusal as one of the errors above; anything else unchanged. */
export function translateWriteError(error: unknown, what: string): never {
  switch (sqlState(error)) {
    case "23505":
      throw new UniqueViolation(`${what} conflicts with an existing one`);
    case "42501":
      throw new Refused(`${what} was refused`);
    case "23503":
      throw new MissingReference(`${what} refers to something that does not exist`);
    case "23514":
      throw new CheckViolation(`${what} breaks one of its rules`);
    default:
      throw error;
  }
}

/** The caller is not a member of the workspace a request names (it does not exist for them). */
export class NotMember extends NotFound {
  constructor() {
    super("Workspace not found.");
  }
}
