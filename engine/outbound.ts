// The outbound guard (docs/SECURITY.md): which URLs and addresses a step may contact. URLs are
// judged as the WHATWG parser normalises them, so `http://0x7f.1/` is judged as 127.0.0.1.
// Exceptions come only from the allow list (`OUTBOUND_ALLOW_HOSTS`).
import {
  addressBlockReason,
  ipv4BlockReason,
  parseIpv4,
  parseIpv6,
  ipv6BlockReason,
} from "./ip.ts";

export type AllowEntry = { host: string; port: number | null };
export type OutboundPolicy = { allow: readonly AllowEntry[] };
export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };
export type AddressCheck = { ok: true } | { ok: false; reason: string };

export const EMPTY_POLICY: OutboundPolicy = Object.freeze({ allow: Object.freeze([]) });

/** Names that reach the platform itself, its cloud metadata or a private network. */
export const BLOCKED_NAME_SUFFIXES: readonly string[] = [
  "localhost",
  "local",
  "localdomain",
  "internal",
  "intranet",
  "lan",
  "home",
  "corp",
  "private",
  "home.arpa",
  "arpa",
  "svc",
  "metadata.goog",
];

function stripTrailingDots(host: string): string {
  return host.replace(/\.+$/, "");
}

export function effectivePort(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** Parses `OUTBOUND_ALLOW_HOSTS`: comma-separated `host` (any port) or `host:port` entries. */
export function parseAllowList(spec: string | null | undefined): OutboundPolicy {
  const allow: AllowEntry[] = [];
  for (const raw of (spec ?? "").split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry);
    const hostPart = match?.[1];
    if (!match || !hostPart || hostPart.includes("*")) {
      throw new Error(`invalid OUTBOUND_ALLOW_HOSTS entry "${entry}": expected host or host:port`);
    }
    let host: string;
    try {
      const url = new URL(`http://${hostPart}/`);
      if (url.pathname !== "/" || url.username !== "") throw new Error("extra parts");
      host = stripTrailingDots(url.hostname);
    } catch {
      throw new Error(`invalid OUTBOUND_ALLOW_HOSTS entry "${entry}": not a host name or address`);
    }
    const port = match[2] === undefined ? null : Number(match[2]);
    if (port !== null && (port < 1 || port > 65535)) {
      throw new Error(`invalid OUTBOUND_ALLOW_HOSTS entry "${entry}": port out of range`);
    }
    allow.push({ host, port });
  }
  return { allow };
}

function allowListed(policy: OutboundPolicy, host: string, port: number | null): boolean {
  const normalized = stripTrailingDots(host.toLowerCase());
  return policy.allow.some(
    (entry) => entry.host === normalized && (entry.port === null || entry.port === port),
  );
}

/** Why a host name (not an address) may not be contacted, or null. */
export function nameBlockReason(hostname: string): string | null {
  const host = stripTrailingDots(hostname.toLowerCase());
  if (host === "") return "empty host";
  if (!host.includes(".")) return `single-label host name "${host}" is not allowed`;
  for (const suffix of BLOCKED_NAME_SUFFIXES) {
    if (host === suffix || host.endsWith(`.${suffix}`)) {
      return `host name "${host}" is a local, internal or metadata name`;
    }
  }
  return null;
}

/** Why a URL's host (as the WHATWG parser normalised it) may not be contacted, or null. */
function hostBlockReason(hostname: string): string | null {
  if (hostname.startsWith("[")) {
    const v6 = parseIpv6(hostname);
    return v6 ? ipv6BlockReason(v6) : "invalid IPv6 address";
  }
  const v4 = parseIpv4(hostname);
  if (v4) return ipv4BlockReason(v4);
  return nameBlockReason(hostname);
}

/** Checks a URL before any request is made (and again for every redirect hop). */
export function checkUrl(input: string | URL, policy: OutboundPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return { ok: false, reason: "invalid URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, reason: `scheme "${url.protocol}" is not allowed (only http and https)` };
  }
  if (url.username !== "" || url.password !== "") {
    return { ok: false, reason: "URLs with embedded credentials (user@host) are not allowed" };
  }
  if (url.hostname === "") return { ok: false, reason: "URL has no host" };
  if (allowListed(policy, url.hostname, effectivePort(url))) return { ok: true, url };
  const reason = hostBlockReason(url.hostname);
  if (reason) return { ok: false, reason: `${url.hostname}: ${reason}` };
  return { ok: true, url };
}

/** Checks a resolved address (post-DNS). An allow-listed address passes for its port. */
export function checkAddress(
  address: string,
  policy: OutboundPolicy = EMPTY_POLICY,
  port: number | null = null,
): AddressCheck {
  const v6 = parseIpv4(address) ? null : parseIpv6(address);
  const host = v6 ? `[${address.replace(/^\[|\]$/g, "").split("%")[0]}]` : address;
  if (policy.allow.length > 0) {
    const normalized = v6 ? safeHostname(host) : address;
    if (normalized && allowListed(policy, normalized, port)) return { ok: true };
  }
  const reason = addressBlockReason(address);
  return reason ? { ok: false, reason: `${address}: ${reason}` } : { ok: true };
}

function safeHostname(host: string): string | null {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

export function isAllowListed(policy: OutboundPolicy, url: URL): boolean {
  return allowListed(policy, url.hostname, effectivePort(url));
}
