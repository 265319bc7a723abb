import { describe, expect, it } from "vitest";
import { isPostgresWriteAfterClose } from "./postgres-guard.ts";

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
});
