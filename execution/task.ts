// The contract between whoever triggers an execution and the Trigger.dev task that runs it:
// the task id and its payload. The payload carries ids only, never a secret.
export const CONNECTOR_EXECUTION_TASK_ID = "connector-execution";

export interface ExecutionPayload {
  executionId: string;
}
