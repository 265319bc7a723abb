// An execution's states, defined once: queued → running → succeeded | failed; queued or
// running → cancelled (the database's check constraint holds the same list).
export const EXECUTION_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "cancelled",
] as const;

export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** The states a finished run ends in. */
export type FinalStatus = Exclude<ExecutionStatus, "queued" | "running">;

/** How an execution started (the database's check constraint holds the same list). */
export const EXECUTION_TRIGGERS = ["api", "schedule", "webhook", "batch", "replay"] as const;

export type ExecutionTrigger = (typeof EXECUTION_TRIGGERS)[number];
