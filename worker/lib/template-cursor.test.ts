import { describe, expect, it } from "vitest";
import type { TemplateWithKeys } from "../db/templates.ts";
import { ApiError } from "./errors.ts";
import { decodeTemplateCursor, encodeTemplateCursor } from "./template-cursor.ts";

const id = "e0000000-0000-4000-8000-000000000001";
const row = {
  id,
  keys: { installCount: 12, ratingAvg: "4.50", ratingCount: 3, at: "2026-11-22T10:15:30.123456Z" },
} as TemplateWithKeys;

describe("template browse cursors", () => {
  it("round-trips each sort order's keys", () => {
    expect(decodeTemplateCursor(encodeTemplateCursor("popular", row), "popular")).toEqual({
      sort: "popular",
      installCount: 12,
      id,
    });
    expect(decodeTemplateCursor(encodeTemplateCursor("rating", row), "rating")).toEqual({
      sort: "rating",
      ratingAvg: "4.50",
      ratingCount: 3,
      id,
    });
    expect(decodeTemplateCursor(encodeTemplateCursor("newest", row), "newest")).toEqual({
      sort: "newest",
      at: "2026-11-22T10:15:30.123456Z",
      id,
    });
    expect(decodeTemplateCursor(undefined, "popular")).toBeNull();
  });

  it("refuses a cursor from another sort order, or a forged one", () => {
    const popular = encodeTemplateCursor("popular", row);
    expect(() => decodeTemplateCursor(popular, "rating")).toThrow(ApiError);
    const forged: [string, "popular" | "rating" | "newest"][] = [
      ["garbage", "popular"],
      [btoa(JSON.stringify(["t1", "rating", "4.5; drop table x", 1, id])), "rating"],
      [btoa(JSON.stringify(["t1", "popular", 1.5, id])), "popular"],
      [btoa(JSON.stringify(["t1", "newest", "yesterday", id])), "newest"],
      [btoa(JSON.stringify(["t1", "popular", 3, "not-a-uuid"])), "popular"],
    ];
    for (const [cursor, sort] of forged) {
      expect(() => decodeTemplateCursor(cursor, sort), cursor).toThrow(ApiError);
    }
  });
});
