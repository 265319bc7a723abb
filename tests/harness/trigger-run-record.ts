// The stand-in's record of a Trigger.dev run, and the answer GET /api/v3/runs/:id gives for it.

/** Run statuses as the Trigger.dev API reports them (the SDK's RunStatus). */
export type StandInRunStatus =
  | "QUEUED"
  | "DELAYED"
  | "EXECUTING"
  | "COMPLETED"
  | "FAILED"
  | "CANCELED"
  | "CRASHED"
  | "SYSTEM_FAILURE"
  | "EXPIRED";

export interface RunRecord {
  id: string;
  taskIdentifier: string;
  idempotencyKey: string | undefined;
  tags: string[];
  status: StandInRunStatus;
  /** Attempts started so far (a retry is a new attempt of the same run). */
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
}

export const FINISHED = new Set<StandInRunStatus>([
  "COMPLETED",
  "FAILED",
  "CANCELED",
  "CRASHED",
  "SYSTEM_FAILURE",
  "EXPIRED",
]);

export function newRecord(
  id: string,
  taskIdentifier: string,
  idempotencyKey: string | undefined,
  tags: string[],
): RunRecord {
  const now = new Date();
  return {
    id,
    taskIdentifier,
    idempotencyKey,
    tags,
    status: "QUEUED",
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
}

export function finish(record: RunRecord, status: StandInRunStatus) {
  if (FINISHED.has(record.status)) return;
  record.status = status;
  record.finishedAt = new Date();
  record.updatedAt = record.finishedAt;
}

/** The fields of the API's retrieve-run answer that the SDK's RetrieveRunResponse requires. */
export function runBody(run: RunRecord) {
  const finished = FINISHED.has(run.status);
  return {
    id: run.id,
    status: run.status,
    taskIdentifier: run.taskIdentifier,
    idempotencyKey: run.idempotencyKey,
    isQueued: run.status === "QUEUED" || run.status === "DELAYED",
    isExecuting: run.status === "EXECUTING",
    isWaiting: false,
    isCompleted: finished,
    isSuccess: run.status === "COMPLETED",
    isFailed: finished && run.status !== "COMPLETED" && run.status !== "CANCELED",
    isCancelled: run.status === "CANCELED",
    isTest: false,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    startedAt: run.startedAt?.toISOString(),
    finishedAt: run.finishedAt?.toISOString(),
    expiredAt: run.status === "EXPIRED" ? run.updatedAt.toISOString() : undefined,
    tags: run.tags,
    costInCents: 0,
    baseCostInCents: 0,
    durationMs:
      run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : 0,
    depth: 0,
    triggerFunction: "trigger",
    relatedRuns: {},
    attemptCount: run.attempts,
  };
}
