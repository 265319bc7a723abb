import { describe, expect, it } from "vitest";
import { hostMatches, labelHostCovered, parseHostEntry, validateAllowedHosts } from "./hosts.ts";

describe("credential host binding", () => {
  it("matches a plain host on any port", () => {
    expect(hostMatches(["api.example.com"], "https://api.example.com/v1")).toBe(true);
    expect(hostMatches(["api.example.com"], "http://API.example.com:8080/")).toBe(true);
    expect(hostMatches(["api.example.com"], "https://api.example.com.evil.test/")).toBe(false);
    expect(hostMatches(["api.example.com"], "https://evil-api.example.com/")).toBe(false);
    expect(hostMatches(["api.example.com"], "https://example.com/")).toBe(false);
  });

  it("matches host:port on that port only, using the scheme's default port", () => {
    expect(hostMatches(["127.0.0.1:8788"], "http://127.0.0.1:8788/x")).toBe(true);
    expect(hostMatches(["127.0.0.1:8788"], "http://127.0.0.1:8789/x")).toBe(false);
    expect(hostMatches(["api.example.com:443"], "https://api.example.com/")).toBe(true);
    expect(hostMatches(["api.example.com:443"], "http://api.example.com/")).toBe(false);
  });

  it("matches *.domain for subdomains at any depth but not the apex", () => {
    const hosts = ["*.myshopify.com"];
    expect(hostMatches(hosts, "https://acme.myshopify.com/")).toBe(true);
    expect(hostMatches(hosts, "https://a.b.myshopify.com/")).toBe(true);
    expect(hostMatches(hosts, "https://myshopify.com/")).toBe(false);
    expect(hostMatches(hosts, "https://evilmyshopify.com/")).toBe(false);
    expect(hostMatches([...hosts, "myshopify.com"], "https://myshopify.com/")).toBe(true);
  });

  it("compares hosts as the URL parser normalises them", () => {
    expect(hostMatches(["127.0.0.1"], "http://0x7f.1/")).toBe(true);
    expect(hostMatches(["[::1]:8080"], "http://[0:0::1]:8080/")).toBe(true);
    expect(hostMatches(["example.com"], "http://example.com./")).toBe(true);
  });

  it("matches nothing for an empty or invalid list", () => {
    expect(hostMatches([], "https://api.example.com/")).toBe(false);
    expect(hostMatches(["*"], "https://api.example.com/")).toBe(false);
    expect(hostMatches(["api.example.com"], "not a url")).toBe(false);
  });

  it("validates entries", () => {
    expect(
      validateAllowedHosts(["api.example.com", "*.example.com:8443", "127.0.0.1:8788"]),
    ).toEqual([]);
    expect(validateAllowedHosts([])).toHaveLength(1);
    for (const bad of [
      "*",
      "*.com",
      "https://x.com",
      "x.com/path",
      "a@b.com",
      "x.com:0",
      "*.1.2.3.4",
    ]) {
      expect(validateAllowedHosts([bad]), bad).toHaveLength(1);
    }
    expect(parseHostEntry("API.Example.com:443")).toEqual({
      wildcard: false,
      host: "api.example.com",
      port: 443,
    });
  });

  it("covers a templated subdomain only with a wildcard over its domain", () => {
    expect(labelHostCovered(["*.myshopify.com"], "myshopify.com", 443)).toBe(true);
    expect(labelHostCovered(["*.com"], "myshopify.com", 443)).toBe(false);
    expect(labelHostCovered(["myshopify.com"], "myshopify.com", 443)).toBe(false);
    expect(labelHostCovered(["*.myshopify.com:8443"], "myshopify.com", 443)).toBe(false);
    expect(labelHostCovered(["*.shopify.com"], "my.shopify.com", 443)).toBe(true);
  });
});
