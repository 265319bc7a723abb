// Transport-neutral errors for writes the database refuses; routes map them to HTTP.

/** A unique constraint said no (e.g. a template slug that is taken). */
export class Conflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Conflict";
  }
}

/** A policy or guard trigger said no (SQLSTATE 42501) — the caller may not do this. */
export class Refused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Refused";
  }
}

/** A foreign key said no: the row points at something that does not exist (for the caller). */
export class MissingReference extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingReference";
  }
}

/** A check constraint said no (e.g. a `workspace` template without an owner workspace). */
export class CheckViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckViolation";
  }
}

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Rethrows a Postgres refusal as one of the errors above; anything else unchanged. */
export function translateWriteError(error: unknown, what: string): never {
  switch (sqlState(error)) {
    case "23505":
      throw new Conflict(`${what} conflicts with an existing one`);
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
export class NotMember extends Error {
  constructor() {
    super("not a member of the workspace");
    this.name = "NotMember";
  }
}
