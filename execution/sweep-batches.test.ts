import { describe, expect, it } from "vitest";
import { dispatchKey } from "./sweep-batches.ts";

describe("dispatchKey", () => {
  const id = "6f1c0b9e-0000-4000-8000-000000000001";
  it("is the execution id for a first dispatch, as the API sends it", () => {
    expect(dispatchKey({ id, attempts: 0, redispatches: 0 })).toBe(id);
  });
  it("names the claim attempt of a reclaimed row, and each replaced run", () => {
    expect(dispatchKey({ id, attempts: 2, redispatches: 0 })).toBe(`${id}:2`);
    expect(dispatchKey({ id, attempts: 0, redispatches: 1 })).toBe(`${id}:r1`);
    expect(dispatchKey({ id, attempts: 1, redispatches: 3 })).toBe(`${id}:1:r3`);
  });
});
