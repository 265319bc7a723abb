// Credential host binding (docs/SECURITY.md): a credential is only ever sent to a host its
// `allowedHosts` covers. Entries: `host` (any port), `host:port` (that port), `*.domain` /
// `*.domain:port` (any subdomain of domain, at any depth — NOT the apex `domain` itself; list it
// separately).
import { effectivePort } from "./outbound.ts";
import { isIpLiteral } from "./ip.ts";

export type HostPattern = { wildcard: boolean; host: string; port: number | null };

function normalizeHost(raw: string): string | null {
  try {
    const url = new URL(`http://${raw}/`);
    if (url.pathname !== "/" || url.username !== "" || url.port !== "") return null;
    return url.hostname.replace(/\.+$/, "");
  } catch {
    return null;
  }
}

/** Parses one `allowedHosts` entry, or returns why it is not valid. */
export function parseHostEntry(entry: string): HostPattern | { error: string } {
  const text = entry.trim().toLowerCase();
  const match = /^(\*\.)?(\[[^\]]+\]|[^:[\]/@*]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match?.[2]) {
    return { error: `"${entry}" is not host, host:port or *.domain` };
  }
  const wildcard = match[1] !== undefined;
  const host = normalizeHost(match[2]);
  if (!host) return { error: `"${entry}" is not a valid host` };
  const port = match[3] === undefined ? null : Number(match[3]);
  if (port !== null && (port < 1 || port > 65535))
    return { error: `"${entry}" has an invalid port` };
  if (wildcard) {
    if (isIpLiteral(host)) return { error: `"${entry}": a wildcard cannot cover an IP address` };
    if (host.split(".").length < 2) {
      return { error: `"${entry}": a wildcard must name a domain with at least two labels` };
    }
  }
  return { wildcard, host, port };
}

/** Error messages for invalid entries (empty list included); an empty result means valid. */
export function validateAllowedHosts(entries: readonly string[]): string[] {
  if (entries.length === 0) return ["allowedHosts must list at least one host"];
  const errors: string[] = [];
  for (const entry of entries) {
    const parsed = parseHostEntry(entry);
    if ("error" in parsed) errors.push(parsed.error);
  }
  return errors;
}

const PATTERN_CACHE_LIMIT = 1000;
const patternCache = new Map<string, HostPattern | null>();

function parsePatterns(allowedHosts: readonly string[]): HostPattern[] {
  const patterns: HostPattern[] = [];
  for (const entry of allowedHosts) {
    let parsed = patternCache.get(entry);
    if (parsed === undefined) {
      const result = parseHostEntry(entry);
      parsed = "error" in result ? null : Object.freeze(result);
      if (patternCache.size >= PATTERN_CACHE_LIMIT) patternCache.clear();
      if (entry.length <= 300) patternCache.set(entry, parsed);
    }
    if (parsed) patterns.push(parsed);
  }
  return patterns;
}

function hostCovered(pattern: HostPattern, host: string): boolean {
  return pattern.wildcard ? host.endsWith(`.${pattern.host}`) : host === pattern.host;
}

/**
 * Whether a credential bound to `allowedHosts` may be sent to `url`. Invalid entries match nothing.
 */
export function hostMatches(allowedHosts: readonly string[], url: URL | string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return false;
  }
  const host = parsed.hostname.replace(/\.+$/, "");
  const port = effectivePort(parsed);
  return parsePatterns(allowedHosts).some(
    (p) => hostCovered(p, host) && (p.port === null || p.port === port),
  );
}

/**
 * Whether every host a templated URL `scheme://{{label}}.suffix:port` can render to is covered:
 * only a `*.domain` entry whose domain is `suffix` or a parent of it covers them all.
 */
export function labelHostCovered(
  allowedHosts: readonly string[],
  suffix: string,
  port: number,
): boolean {
  const host = suffix.replace(/\.+$/, "").toLowerCase();
  return parsePatterns(allowedHosts).some(
    (p) =>
      p.wildcard &&
      (host === p.host || host.endsWith(`.${p.host}`)) &&
      (p.port === null || p.port === port),
  );
}
