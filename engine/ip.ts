// IP address parsing and classification, written here on purpose: the npm `ip` package
// misclassifies short, octal and IPv4-mapped forms. Inputs are canonical forms (what the WHATWG
// URL parser or a resolver produces); anything else does not parse and is refused by callers.

export type Ipv4 = readonly [number, number, number, number];
/** Eight 16-bit words. */
export type Ipv6 = readonly number[];

export function parseIpv4(text: string): Ipv4 | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return null;
  const octets: number[] = [];
  for (let i = 1; i <= 4; i++) {
    const part = match[i] ?? "";
    if (part.length > 1 && part.startsWith("0")) return null;
    const value = Number(part);
    if (value > 255) return null;
    octets.push(value);
  }
  return [octets[0] ?? 0, octets[1] ?? 0, octets[2] ?? 0, octets[3] ?? 0];
}

export function parseIpv6(input: string): Ipv6 | null {
  let text = input;
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  const zone = text.indexOf("%");
  if (zone !== -1) text = text.slice(0, zone);
  if (text.length === 0 || text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return null;

  let tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4 || lastColon === -1) return null;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    text = text.slice(0, lastColon + 1);
    if (text.endsWith(":") && !text.endsWith("::")) text = text.slice(0, -1);
  }

  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parseWords = (part: string): number[] | null => {
    if (part === "") return [];
    const words: number[] = [];
    for (const piece of part.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      words.push(Number.parseInt(piece, 16));
    }
    return words;
  };
  const head = parseWords(halves[0] ?? "");
  if (!head) return null;
  if (halves.length === 1) {
    const words = [...head, ...tail];
    return words.length === 8 ? words : null;
  }
  const rest = parseWords(halves[1] ?? "");
  if (!rest) return null;
  const known = head.length + rest.length + tail.length;
  if (known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
}

function v4ToInt(ip: Ipv4): number {
  return ((ip[0] << 24) | (ip[1] << 16) | (ip[2] << 8) | ip[3]) >>> 0;
}

type Cidr4 = { base: number; bits: number; reason: string };

function cidr4(text: string, bits: number, reason: string): Cidr4 {
  const ip = parseIpv4(text);
  if (!ip) throw new Error(`bad CIDR ${text}`);
  return { base: v4ToInt(ip), bits, reason };
}

// IANA IPv4 special-purpose registry: everything not globally reachable, plus documentation.
const BLOCKED_V4: Cidr4[] = [
  cidr4("0.0.0.0", 8, "unspecified/this-network address"),
  cidr4("10.0.0.0", 8, "private address"),
  cidr4("100.64.0.0", 10, "shared (CGNAT) address"),
  cidr4("127.0.0.0", 8, "loopback address"),
  cidr4("169.254.0.0", 16, "link-local address"),
  cidr4("172.16.0.0", 12, "private address"),
  cidr4("192.0.0.0", 24, "IETF protocol assignment"),
  cidr4("192.0.2.0", 24, "documentation address"),
  cidr4("192.88.99.0", 24, "6to4 relay anycast address"),
  cidr4("192.168.0.0", 16, "private address"),
  cidr4("198.18.0.0", 15, "benchmarking address"),
  cidr4("198.51.100.0", 24, "documentation address"),
  cidr4("203.0.113.0", 24, "documentation address"),
  cidr4("224.0.0.0", 4, "multicast address"),
  cidr4("240.0.0.0", 4, "reserved or broadcast address"),
];

/** Why an IPv4 address may not be contacted, or null when it is a public unicast address. */
export function ipv4BlockReason(ip: Ipv4): string | null {
  const value = v4ToInt(ip);
  for (const range of BLOCKED_V4) {
    const mask = range.bits === 0 ? 0 : (0xffffffff << (32 - range.bits)) >>> 0;
    if ((value & mask) >>> 0 === (range.base & mask) >>> 0) return range.reason;
  }
  return null;
}

function embeddedV4(high: number, low: number): Ipv4 {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

function embeddedReason(kind: string, v4: Ipv4): string | null {
  const reason = ipv4BlockReason(v4);
  return reason ? `${kind} of a ${reason}` : null;
}

/** Why an IPv6 address may not be contacted, or null when it is a public unicast address. */
export function ipv6BlockReason(w: Ipv6): string | null {
  const word = (i: number) => w[i] ?? 0;
  const zeros = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (IPv4-mapped) and ::ffff:0:a.b.c.d (IPv4-translated)
  if (zeros(0, 5) && word(5) === 0xffff)
    return embeddedReason("IPv4-mapped form", embeddedV4(word(6), word(7)));
  if (zeros(0, 4) && word(4) === 0xffff && word(5) === 0) {
    return embeddedReason("IPv4-translated form", embeddedV4(word(6), word(7)));
  }
  // NAT64 well-known prefix 64:ff9b::/96
  if (word(0) === 0x64 && word(1) === 0xff9b && zeros(2, 6)) {
    return embeddedReason("NAT64 form", embeddedV4(word(6), word(7)));
  }
  // 6to4 2002::/16 carries an IPv4 address in bits 16..47
  if (word(0) === 0x2002) return embeddedReason("6to4 form", embeddedV4(word(1), word(2)));
  if (zeros(0, 6)) {
    if (zeros(0, 8)) return "unspecified address";
    if (zeros(0, 7) && word(7) === 1) return "loopback address";
    return "IPv4-compatible address";
  }
  // Only global unicast 2000::/3 is reachable; this also refuses ULA fc00::/7, link-local
  // fe80::/10, site-local fec0::/10, multicast ff00::/8, discard 100::/64 and 64:ff9b:1::/48.
  const first = word(0);
  if ((first & 0xe000) !== 0x2000) {
    if ((first & 0xfe00) === 0xfc00) return "unique local address";
    if ((first & 0xffc0) === 0xfe80) return "link-local address";
    if ((first & 0xffc0) === 0xfec0) return "site-local address";
    if ((first & 0xff00) === 0xff00) return "multicast address";
    return "reserved address";
  }
  if (first === 0x2001 && word(1) < 0x0200)
    return "IETF protocol assignment (Teredo, benchmarking)";
  if (first === 0x2001 && word(1) === 0x0db8) return "documentation address";
  if (first === 0x3fff && word(1) < 0x1000) return "documentation address";
  return null;
}

/** Classifies a textual address (IPv4 dotted quad or IPv6, brackets allowed). */
export function addressBlockReason(address: string): string | null {
  const v4 = parseIpv4(address);
  if (v4) return ipv4BlockReason(v4);
  const v6 = parseIpv6(address);
  if (v6) return ipv6BlockReason(v6);
  return "not a valid IP address";
}

export function isIpLiteral(host: string): boolean {
  return parseIpv4(host) !== null || parseIpv6(host) !== null;
}
