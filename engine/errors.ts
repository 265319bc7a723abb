// Small, transport-neutral errors. Routes map them to HTTP, tasks to retry or abort.
import { z } from "zod";

export const STEP_ERROR_KINDS = [
  "blocked",
  "timeout",
  "network_error",
  "http_error",
  "parse_error",
  "response_too_large",
  "template_error",
  "credential_error",
  "cancelled",
  "limit_exceeded",
] as const;

/** Why a step failed; the API documents these values from this schema. */
export const StepErrorKindSchema = z.enum(STEP_ERROR_KINDS).meta({
  id: "StepErrorKind",
  description:
    "`blocked` (outbound guard or host binding), `timeout`, `network_error`, `http_error` " +
    "(non-2xx after retries), `parse_error` (not JSON, or nested deeper than 64 levels), " +
    "`response_too_large`, `template_error`, `credential_error`, `cancelled`, `limit_exceeded` " +
    "(an engine work cap: JSONPath nodes visited, values or bytes per extracted name).",
  example: "http_error",
});

export type StepErrorKind = z.infer<typeof StepErrorKindSchema>;

/**
 * A step failed; `kind` is one of the step error kinds of engine/README.md. Messages never carry
 * secret values.
 */
export class StepError extends Error {
  readonly kind: StepErrorKind;

  constructor(kind: StepErrorKind, message: string) {
    super(message);
    this.name = "StepError";
    this.kind = kind;
  }
}

/** One problem found in a connector definition, with the JSON path of the offending value. */
export type DefinitionProblem = { path: string; message: string };

/** Thrown by callers that prefer an exception to `validateDefinition`'s result object. */
export class InvalidDefinitionError extends Error {
  readonly problems: DefinitionProblem[];

  constructor(problems: DefinitionProblem[]) {
    super(`invalid definition: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    this.name = "InvalidDefinitionError";
    this.problems = problems;
  }
}

/** A keyring problem: malformed `CREDENTIALS_KEYS`, or a key version that is not configured. */
export class CredentialKeyError extends Error {
  readonly keyVersion: number | null;

  constructor(message: string, keyVersion: number | null = null) {
    super(message);
    this.name = "CredentialKeyError";
    this.keyVersion = keyVersion;
  }
}

/** A ciphertext that does not decrypt under its workspace, name and key version. */
export class CredentialDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialDecryptError";
  }
}

export function isStepError(value: unknown): value is StepError {
  return value instanceof StepError;
}
