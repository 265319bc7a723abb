// Named engine limits (engine/README.md). Every one can be overridden, e.g. by tests or per
// environment.

export type Limits = {
  /** Steps per connector definition. */
  maxSteps: number;
  /** Bytes of a response body read before failing with `response_too_large`. */
  maxResponseBytes: number;
  /** Bytes of a request/response body kept in a stored trace. */
  maxTraceBodyBytes: number;
  /** Bytes one interpolated string (URL, header, body) may produce. */
  maxRenderedBytes: number;
  defaultStepTimeoutMs: number;
  maxStepTimeoutMs: number;
  /** Wall time one execution may spend across all steps, retries and waits. */
  executionBudgetMs: number;
  /** Attempts per step, the first one included. */
  maxAttempts: number;
  /** Longest `Retry-After` honoured; longer values are capped to this. */
  maxRetryAfterMs: number;
  maxRedirects: number;
  /** Exponential backoff: base delay for the first retry, doubled per retry, capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Containers (objects, arrays) nested in a response document before it is a `parse_error`. */
  maxJsonDepth: number;
  /** Nodes one JSONPath evaluation may visit (filters and comparisons included). */
  maxJsonPathNodes: number;
  /** Values one extracted name may hold. */
  maxExtractValues: number;
  /** Serialised UTF-8 bytes one extracted name may hold. */
  maxExtractBytes: number;
  /** Response bytes a paginated step reads across all its pages (SPEC §10: 10 MiB). */
  maxPaginatedBytes: number;
  /**
   * Wall time after a paginated step's start past which it starts no further page (the step's
   * time budget; the execution's own deadline still applies first).
   */
  paginationBudgetMs: number;
};

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxSteps: 20,
  maxResponseBytes: 1024 * 1024,
  maxTraceBodyBytes: 16 * 1024,
  maxRenderedBytes: 1024 * 1024,
  defaultStepTimeoutMs: 10_000,
  maxStepTimeoutMs: 60_000,
  executionBudgetMs: 5 * 60_000,
  maxAttempts: 3,
  maxRetryAfterMs: 60_000,
  maxRedirects: 5,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  maxJsonDepth: 64,
  maxJsonPathNodes: 1_000_000,
  maxExtractValues: 10_000,
  maxExtractBytes: 256 * 1024,
  maxPaginatedBytes: 10 * 1024 * 1024,
  paginationBudgetMs: 120_000,
});

/** Nesting an execution's input may have (the input object is level 1); deeper is a 400. */
export const MAX_INPUT_DEPTH = 64;

export function resolveLimits(overrides?: Partial<Limits>): Limits {
  const limits: Limits = { ...DEFAULT_LIMITS };
  if (!overrides) return limits;
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`limit ${key} must be a non-negative number`);
    }
    limits[key] = value;
  }
  return limits;
}
