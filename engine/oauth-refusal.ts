// Refused refresh grants in shapes other than RFC 6749's `{"error": "invalid_grant"}` (SPEC §10):
// HubSpot answers 400 `{"status": "BAD_REFRESH_TOKEN", …}`, Slack answers 200 `{"ok": false,
// "error": "invalid_refresh_token"}`. Left as transient, such a credential fails every run
// without ever reaching needs_reauth. The rule is generic: an answer to a refresh_token grant
// that is a 400 (or a Slack-style `ok: false`) whose error code names an invalid, expired or
// revoked refresh token or grant.

// Codes are compared lower-cased with `-`/space as `_`.
const REFUSED =
  /^(invalid|bad|expired|revoked)_(refresh_token|grant)$|^(refresh_token|grant)_(invalid|expired|revoked)$|^token_revoked$/;
const SAFE_CODE = /^[A-Za-z0-9_. -]{1,64}$/;

/** The vendor's error code when `body` refuses the refresh token, else null. */
export function refusedRefreshCode(status: number, body: Uint8Array): string | null {
  if (status !== 400 && status !== 200) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const answer = parsed as Record<string, unknown>;
  // A 200 is a refusal only in Slack's envelope.
  if (status === 200 && answer.ok !== false) return null;
  for (const key of ["error", "status", "error_code"]) {
    const code = answer[key];
    if (typeof code !== "string" || !SAFE_CODE.test(code)) continue;
    if (REFUSED.test(code.toLowerCase().replace(/[- ]/g, "_"))) return code;
  }
  return null;
}
