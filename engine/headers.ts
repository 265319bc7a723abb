// Header rules shared by save-time validation and request building.

export const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;

const FORBIDDEN = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
]);

/** Headers the transport owns: a step may not set them. */
export function isForbiddenHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN.has(lower) || lower.startsWith("proxy-");
}

/** Names that usually carry secrets; their values are never kept in a trace. */
export function isSensitiveHeaderName(name: string): boolean {
  return /authorization|cookie|token|secret|key|auth|session|signature|password|credential/i.test(
    name,
  );
}

/** Response headers worth keeping in a trace. */
export const TRACED_RESPONSE_HEADERS: readonly string[] = [
  "content-type",
  "content-length",
  "location",
  "retry-after",
  "x-request-id",
  "request-id",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
];
