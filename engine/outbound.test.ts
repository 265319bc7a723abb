import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIpv4, parseIpv6 } from "./ip.ts";
import { checkAddress, checkUrl, EMPTY_POLICY, parseAllowList } from "./outbound.ts";
import { FORBIDDEN_URLS } from "./test-helpers.ts";

describe("checkUrl", () => {
  it.each(FORBIDDEN_URLS)("refuses %s", (url) => {
    const result = checkUrl(url, EMPTY_POLICY);
    expect(result.ok, url).toBe(false);
  });

  it("covers at least 35 forbidden URL forms", () => {
    expect(FORBIDDEN_URLS.length).toBeGreaterThanOrEqual(35);
  });

  it.each([
    "https://api.example.com/v1/people",
    "http://8.8.8.8/",
    "https://[2606:4700:4700::1111]/",
    "https://[::ffff:8.8.8.8]/",
    "https://[64:ff9b::808:808]/",
    "https://[2002:808:808::1]/",
    "https://shop-1.myshopify.com:8443/admin",
    "http://172.32.0.1/",
    "http://100.128.0.1/",
  ])("accepts the public URL %s", (url) => {
    expect(checkUrl(url, EMPTY_POLICY).ok).toBe(true);
  });

  it("judges the URL as the WHATWG parser normalises it", () => {
    const result = checkUrl("http://0x7f.1/", EMPTY_POLICY);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining("127.0.0.1") });
  });

  it("lets the allow list through, host for any port and host:port for that port only", () => {
    const policy = parseAllowList("127.0.0.1:8788, example.test");
    expect(checkUrl("http://127.0.0.1:8788/v1", policy).ok).toBe(true);
    expect(checkUrl("http://127.0.0.1:8789/v1", policy).ok).toBe(false);
    expect(checkUrl("http://127.0.0.1/v1", policy).ok).toBe(false);
    expect(checkUrl("http://example.test:1234/", policy).ok).toBe(true);
    expect(checkUrl("http://example.test./", policy).ok).toBe(true);
    expect(checkUrl("http://a.example.test/", policy).ok).toBe(true);
    expect(checkUrl("file://127.0.0.1:8788/", policy).ok).toBe(false);
  });

  it("matches allow-listed addresses in any spelling", () => {
    const policy = parseAllowList("127.0.0.1:8788");
    expect(checkUrl("http://0x7f.1:8788/", policy).ok).toBe(true);
    expect(checkUrl("http://127.1:8788/", policy).ok).toBe(true);
  });

  it("uses the scheme's default port for host:port entries", () => {
    const policy = parseAllowList("svc.internal:443");
    expect(checkUrl("https://svc.internal/", policy).ok).toBe(true);
    expect(checkUrl("http://svc.internal/", policy).ok).toBe(false);
  });
});

describe("parseAllowList", () => {
  it("parses hosts, ports and IPv6 entries", () => {
    expect(parseAllowList(" 127.0.0.1:8788 ,Example.TEST,[::1]:9000").allow).toEqual([
      { host: "127.0.0.1", port: 8788 },
      { host: "example.test", port: null },
      { host: "[::1]", port: 9000 },
    ]);
    expect(parseAllowList("").allow).toEqual([]);
    expect(parseAllowList(undefined).allow).toEqual([]);
  });

  it.each(["*.example.com", "http://x.test", "x.test:99999", "a b", "x.test/path"])(
    "rejects the malformed entry %s",
    (entry) => {
      expect(() => parseAllowList(entry)).toThrow(/OUTBOUND_ALLOW_HOSTS/);
    },
  );
});

describe("checkAddress (post-DNS)", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "169.254.169.254",
    "::1",
    "::ffff:127.0.0.1",
    "fe80::1%eth0",
    "fd00::1",
    "not-an-ip",
    "0177.0.0.1",
  ])("refuses %s", (address) => {
    expect(checkAddress(address).ok).toBe(false);
  });

  it("accepts public addresses", () => {
    expect(checkAddress("93.184.216.34").ok).toBe(true);
    expect(checkAddress("2606:4700:4700::1111").ok).toBe(true);
  });

  it("accepts an allow-listed address for its port only", () => {
    const policy = parseAllowList("127.0.0.1:8788,[::1]");
    expect(checkAddress("127.0.0.1", policy, 8788).ok).toBe(true);
    expect(checkAddress("127.0.0.1", policy, 8789).ok).toBe(false);
    expect(checkAddress("::1", policy, 1).ok).toBe(true);
  });
});

describe("IP parsing", () => {
  it("parses IPv6 forms including embedded IPv4", () => {
    expect(parseIpv6("::ffff:1.2.3.4")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIpv6("[::1]")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6("1::")).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6("1:2:3:4:5:6:7:8:9")).toBeNull();
    expect(parseIpv6("1::2::3")).toBeNull();
    expect(parseIpv6("12345::")).toBeNull();
  });

  it("parses only canonical dotted IPv4", () => {
    expect(parseIpv4("1.2.3.4")).toEqual([1, 2, 3, 4]);
    expect(parseIpv4("01.2.3.4")).toBeNull();
    expect(parseIpv4("256.2.3.4")).toBeNull();
    expect(parseIpv4("1.2.3")).toBeNull();
  });
});

// Private/special IPv4 ranges as [first octet, second octet min, second octet max] generators.
const privateV4 = fc.oneof(
  fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(0), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.integer({ min: 224, max: 255 }), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(198), fc.integer({ min: 18, max: 19 }), fc.nat(255), fc.nat(255)),
);

const toInt = ([a, b, c, d]: [number, number, number, number]) =>
  ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const hex = (n: number) => n.toString(16);

describe("guard properties", () => {
  it("no generated private address passes in any spelling", () => {
    fc.assert(
      fc.property(privateV4, fc.integer({ min: 0, max: 7 }), (ip, form) => {
        const [a, b, c, d] = ip;
        const n = toInt(ip);
        const spellings = [
          `${a}.${b}.${c}.${d}`,
          String(n),
          `0x${hex(n)}`,
          `0${a.toString(8)}.${b}.${c}.${d}`,
          `${a}.${(b << 16) | (c << 8) | d}`,
          `[::ffff:${a}.${b}.${c}.${d}]`,
          `[::ffff:${hex((a << 8) | b)}:${hex((c << 8) | d)}]`,
          `[2002:${hex((a << 8) | b)}:${hex((c << 8) | d)}::1]`,
        ];
        const url = `http://${spellings[form]}/`;
        expect(checkUrl(url, EMPTY_POLICY).ok, url).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("no generated private IPv6 address passes", () => {
    const word = fc.integer({ min: 0, max: 0xffff });
    const v6 = fc.oneof(
      fc.tuple(fc.integer({ min: 0xfc00, max: 0xfdff }), word, word), // ULA
      fc.tuple(fc.integer({ min: 0xfe80, max: 0xfebf }), word, word), // link-local
      fc.tuple(fc.integer({ min: 0xff00, max: 0xffff }), word, word), // multicast
      fc.tuple(fc.constant(0x2001), fc.integer({ min: 0, max: 0x1ff }), word), // Teredo etc.
    );
    fc.assert(
      fc.property(v6, ([w0, w1, w2]) => {
        const url = `http://[${hex(w0)}:${hex(w1)}:${hex(w2)}::1]/`;
        expect(checkUrl(url, EMPTY_POLICY).ok, url).toBe(false);
      }),
    );
  });
});
