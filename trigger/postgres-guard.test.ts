import { describe, expect, it } from "vitest";
import { isPostgresWriteAfterClose, survivePostgresWriteAfterClose } from "./postgres-guard.ts";

/** What Node does with an error nothing caught: emit the event on the process. */
const raise = (error: unknown) =>
  (process as unknown as { emit: (event: string, ...args: unknown[]) => boolean }).emit(
    "uncaughtException",
    error,
    "uncaughtException",
  );

function typeError(message: string, stack: string) {
  const error = new TypeError(message);
  error.stack = `TypeError: ${message}\n${stack}`;
  return error;
}

describe("the postgres.js write-after-close guard", () => {
  it("recognises only postgres.js writing to a socket it had let go", () => {
    const frame =
      "    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)";
    expect(
      isPostgresWriteAfterClose(
        typeError("Cannot read properties of null (reading 'write')", frame),
      ),
    ).toBe(true);
    expect(
      isPostgresWriteAfterClose(
        typeError(
          "Cannot read properties of null (reading 'write')",
          "    at ours (file:///app/x.ts:1:1)",
        ),
      ),
    ).toBe(false);
    expect(isPostgresWriteAfterClose(typeError("x is not a function", frame))).toBe(false);
    expect(
      isPostgresWriteAfterClose(new Error("Cannot read properties of null (reading 'write')")),
    ).toBe(false);
  });

  it("keeps that error from every uncaughtException listener, a runtime's installed first included", () => {
    const frame =
      "    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)";
    const seen: unknown[] = [];
    const runtime = (error: unknown) => seen.push(error);
    // The runtime's listener is there before the guard, as in Trigger.dev's run worker.
    process.on("uncaughtException", runtime);
    const logged: string[] = [];
    try {
      survivePostgresWriteAfterClose((event) => logged.push(event));
      const ours = typeError("Cannot read properties of null (reading 'write')", frame);
      expect(raise(ours)).toBe(true);
      expect(seen).toEqual([]);
      expect(logged).toEqual(["postgres.write_after_close_ignored"]);
      // Any other error still reaches the runtime's listener.
      const other = new Error("something else");
      raise(other);
      expect(seen).toEqual([other]);
    } finally {
      process.off("uncaughtException", runtime);
    }
  });
});
