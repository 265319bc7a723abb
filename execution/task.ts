// The contract between whoever triggers an execution and the Trigger.dev task that runs it:
// the task id and its payload. The payload carries ids only, never a secret.
export const CONNECTOR_EXECUTION_TASK_ID = "connector-execution";

export interface ExecutionPayload {
  executionId: string;
}

/**
 * How Trigger.dev retries the task's run when an attempt throws or its process dies: a new attempt
 * of the same run (same run id) after min × factor^(n-1) ms, at most max ms, up to maxAttempts.
 */
export const CONNECTOR_EXECUTION_RETRY = {
  maxAttempts: 3,
  minTimeoutInMs: 1_000,
  maxTimeoutInMs: 10_000,
  factor: 2,
} as const;
