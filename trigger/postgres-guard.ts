// postgres.js 3.4.9 can throw from a timer, outside any promise, when the server closes a
// connection under an open transaction (porsager/postgres#1208: its own ROLLBACK is written to
// the closed socket). The query had already failed and the run retries it, so in the task's
// process that one error is logged instead of ending the run mid-outage. Any other uncaught
// exception still ends the process, as Node would.

/** The exact error: a TypeError from postgres.js's `nextWrite` on a socket it had let go. */
export function isPostgresWriteAfterClose(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /reading 'write'|evaluating 'socket\.write'/.test(error.message) &&
    /nextWrite[\s\S]*postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? "")
  );
}

let installed = false;

export function survivePostgresWriteAfterClose(log: (event: string) => void): void {
  if (installed) return;
  installed = true;
  process.on("uncaughtException", (error, origin) => {
    if (isPostgresWriteAfterClose(error)) {
      log("postgres.write_after_close_ignored");
      return;
    }
    // Another listener (the task runtime's) decides; alone, behave as Node does without one.
    if (process.listenerCount("uncaughtException") > 1) return;
    console.error(origin, error);
    process.exit(1);
  });
}
