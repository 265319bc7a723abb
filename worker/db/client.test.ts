import { describe, expect, it } from "vitest";
import { isConnectionError, isDataException } from "./client.ts";

function pgError(code: string, message: string): Error {
  const error = new Error(message);
  error.name = "PostgresError";
  (error as Error & { code: string }).code = code;
  return error;
}

function coded(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe("isConnectionError (what the API answers 503 for)", () => {
  it.each([
    ["postgres.js refused", coded("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")],
    ["postgres.js timeout", coded("CONNECT_TIMEOUT", "write CONNECT_TIMEOUT 127.0.0.1:5432")],
    ["postgres.js closed", coded("CONNECTION_CLOSED", "write CONNECTION_CLOSED 127.0.0.1:5432")],
    ["admin shutdown", pgError("57P01", "terminating connection due to administrator command")],
    ["starting up", pgError("57P03", "the database system is starting up")],
    ["too many clients", pgError("53300", "sorry, too many clients already")],
    ["workerd via Hyperdrive", new Error("connection attempt failed")],
    ["workerd socket", new Error("Network connection lost.")],
    ["workerd stream", new Error("Stream was cancelled.")],
    ["workerd closed socket", new Error("This socket has been closed")],
  ])("counts %s", (_, error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  it.each([
    [
      "a bug naming a connector",
      new TypeError("Cannot read properties of undefined (reading 'connectorId')"),
    ],
    [
      "a constraint on connector_executions",
      pgError("23503", 'insert on "connector_executions" violates foreign key "connect_fk"'),
    ],
    ["a syntax error", pgError("42601", "syntax error at or near connect")],
    ["not an Error", "connection refused"],
  ])("does not count %s", (_, error) => {
    expect(isConnectionError(error)).toBe(false);
  });
});

describe("isDataException (what the API answers 400 for)", () => {
  it("is true for SQLSTATE class 22 from the server only", () => {
    expect(isDataException(pgError("22P05", "unsupported Unicode escape sequence"))).toBe(true);
    expect(isDataException(pgError("22008", "date/time field value out of range"))).toBe(true);
    expect(isDataException(pgError("22003", "value out of range for type integer"))).toBe(true);
    expect(isDataException(pgError("23505", "duplicate key"))).toBe(false);
    expect(isDataException(coded("22P05"))).toBe(false);
  });
});
