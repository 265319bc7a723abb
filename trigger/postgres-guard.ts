// postgres.js 3.4.9 can throw from a timer, outside any promise, when the server closes a
// connection under an open transaction (porsager/postgres#1208: its own ROLLBACK is written to
// the closed socket). The query had already failed and the run retries it, so in the task's
// process that one error is logged instead of ending the run mid-outage. Any other uncaught
// exception is handled exactly as without the guard.

/** The exact error: a TypeError from postgres.js's `nextWrite` on a socket it had let go. */
export function isPostgresWriteAfterClose(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /reading 'write'|evaluating 'socket\.write'/.test(error.message) &&
    /nextWrite[\s\S]*postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? "")
  );
}

let installed = false;

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Node calls every `uncaughtException` listener, and the Trigger.dev run worker installs its own
 * (it fails the attempt), so a listener of ours could not keep that error from the runtime. The
 * event itself is filtered instead: this one error is reported handled before any listener sees
 * it, whichever was installed first; every other error reaches them (or, with none, ends the
 * process) exactly as before.
 */
export function survivePostgresWriteAfterClose(log: (event: string) => void): void {
  if (installed) return;
  installed = true;
  const target = process as unknown as { emit: Emit };
  const emit = target.emit.bind(process) as Emit;
  target.emit = (event, ...args) => {
    if (event === "uncaughtException" && isPostgresWriteAfterClose(args[0])) {
      log("postgres.write_after_close_ignored");
      return true;
    }
    return emit(event, ...args);
  };
}
