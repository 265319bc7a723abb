import { describe, expect, it } from "vitest";
import { MAX_LINKS, nextLink, parseLinkHeader } from "./link-header.ts";

describe("RFC 8288 Link headers", () => {
  it("finds rel=next among several links and several relation types", () => {
    const header =
      '<https://api.test/x?page=1>; rel="first", <https://api.test/x?page=3>; rel="last next", ' +
      '<https://api.test/x?page=9>; rel="next"';
    expect(nextLink(header)).toBe("https://api.test/x?page=3");
  });

  it("reads quoted parameters holding commas, semicolons and escaped quotes", () => {
    const header =
      '<a>; title="a, b; <c>"; rel="prev", <b>; title="say \\"next\\""; rel=next; rel="other"';
    const links = parseLinkHeader(header);
    expect(links).toEqual([
      { target: "a", rels: ["prev"], params: expect.objectContaining({ title: "a, b; <c>" }) },
      { target: "b", rels: ["next"], params: expect.objectContaining({ title: 'say "next"' }) },
    ]);
    expect(nextLink(header)).toBe("b");
  });

  it("matches relation types case-insensitively and ignores a title that says next", () => {
    expect(nextLink('<u1>; title="next", <u2>; REL="Next"')).toBe("u2");
    expect(nextLink('<u1>; title="rel=next"')).toBeNull();
  });

  it("answers null for no header, no next link or a malformed one", () => {
    expect(nextLink(null)).toBeNull();
    expect(nextLink("")).toBeNull();
    expect(nextLink('<u>; rel="prev"')).toBeNull();
    expect(nextLink('u; rel="next"')).toBeNull();
    expect(nextLink('<u; rel="next"')).toBeNull();
    expect(nextLink('<u>; rel="next')).toBeNull();
    expect(nextLink('<>; rel="next"')).toBeNull();
  });

  it("keeps the links before a malformed one", () => {
    expect(nextLink('<u1>; rel="next", garbage <u2>')).toBe("u1");
  });

  it("does bounded work on a hostile header", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `<u${i}>; rel="x"`).join(", ");
    const started = performance.now();
    expect(parseLinkHeader(many)).toHaveLength(MAX_LINKS);
    expect(nextLink(`${'<a>; t="'.repeat(5_000)}`)).toBeNull();
    expect(nextLink(`<a>${"; x".repeat(100_000)}; rel=next`)).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
