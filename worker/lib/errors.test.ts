import { describe, expect, it } from "vitest";
import { MissingReference, NotMember, UniqueViolation } from "../db/errors.ts";
import {
  ApiError,
  Conflict,
  Forbidden,
  Invalid,
  InvalidDefinition,
  NotFound,
  toApiError,
} from "./errors.ts";
import { requireId } from "./ids.ts";

describe("toApiError (the one place domain errors become HTTP)", () => {
  it.each([
    [new NotFound("Connector not found."), "not_found", 404],
    [new Conflict("taken"), "conflict", 409],
    [new Forbidden("not yours"), "forbidden", 403],
    [new Invalid("bad"), "invalid_request", 400],
    [new InvalidDefinition("2 problems"), "invalid_definition", 422],
    [new UniqueViolation("the template conflicts"), "conflict", 409],
    [new MissingReference("points nowhere"), "invalid_request", 400],
  ])("maps %s to its code and status, message unchanged", (error, code, status) => {
    const api = toApiError(error);
    expect(api?.code).toBe(code);
    expect(api?.status).toBe(status);
    expect(api?.message).toBe(error.message);
  });

  it("keeps the problems a domain error carries as details", () => {
    const problems = [{ path: "steps[0].id", message: "required" }];
    expect(toApiError(new InvalidDefinition("1 problem", problems))?.details).toEqual(problems);
    expect(toApiError(new NotFound("Template not found."))?.details).toBeUndefined();
  });

  it("answers a non-member the same 404 as a workspace that does not exist", () => {
    const api = toApiError(new NotMember());
    expect([api?.code, api?.message]).toEqual(["not_found", "Workspace not found."]);
  });

  it("passes an ApiError through and leaves anything else to the generic 500", () => {
    const given = new ApiError("rate_limited", "slow down", { headers: { "Retry-After": "3" } });
    expect(toApiError(given)).toBe(given);
    expect(toApiError(new Error("boom"))).toBeNull();
    expect(toApiError("boom")).toBeNull();
  });
});

describe("requireId", () => {
  it("returns a UUID as given and answers anything else with the resource's 404", () => {
    const id = "5B0F8A4E-6C1D-4F6E-9A57-0E9D6F1B2C3D";
    expect(requireId(id, "Connector")).toBe(id);
    expect(() => requireId("nope", "Connector")).toThrow(new NotFound("Connector not found."));
    expect(() => requireId(`${id}x`, "Template")).toThrow("Template not found.");
  });
});
