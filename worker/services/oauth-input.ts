// Checks an OAuth 2.0 credential's configuration as a PUT gives it (SPEC §10) and turns it into
// the stored form (engine/oauth-config.ts). Both URLs pass the outbound guard and need https,
// except hosts in OUTBOUND_ALLOW_HOSTS (local dev and tests).
import { canonicalOAuthConfig, type OAuthConfig } from "../../engine/oauth-config.ts";
import { checkUrl, isAllowListed, type OutboundPolicy } from "../../engine/outbound.ts";
import { Invalid } from "../lib/errors.ts";

export type OAuthInput = {
  grantType: OAuthConfig["grantType"];
  authorizeUrl?: string | undefined;
  tokenUrl: string;
  clientId: string;
  clientSecret?: string | undefined;
  scopes?: string[] | undefined;
  scopeSeparator?: OAuthConfig["scopeSeparator"] | undefined;
  extraAuthorizeParams?: Record<string, string> | undefined;
  tokenAuthMethod?: OAuthConfig["tokenAuthMethod"] | undefined;
};

/** Authorization request parameters the flow sets itself; a configuration may not override them. */
export const RESERVED_AUTHORIZE_PARAMS = [
  "response_type",
  "client_id",
  "redirect_uri",
  "state",
  "code_challenge",
  "code_challenge_method",
  "scope",
] as const;

type Problem = { path: string; message: string };

/** The stored configuration, or Invalid (400) listing every problem by path. */
export function toOAuthConfig(input: OAuthInput, policy: OutboundPolicy): OAuthConfig {
  const problems: Problem[] = [];
  const tokenUrl = checkEndpoint(input.tokenUrl, "oauth.tokenUrl", policy, problems);
  let authorizeUrl: string | null = null;
  if (input.grantType === "authorization_code") {
    if (input.authorizeUrl === undefined) {
      problems.push({
        path: "oauth.authorizeUrl",
        message: "required for grantType authorization_code",
      });
    } else {
      authorizeUrl = checkEndpoint(input.authorizeUrl, "oauth.authorizeUrl", policy, problems);
      const given = authorizeUrl ? new URL(authorizeUrl).searchParams : new URLSearchParams();
      for (const name of RESERVED_AUTHORIZE_PARAMS) {
        if (given.has(name)) {
          problems.push({
            path: "oauth.authorizeUrl",
            message: `may not carry the flow's own parameter "${name}"`,
          });
        }
      }
    }
  } else if (input.authorizeUrl !== undefined) {
    problems.push({
      path: "oauth.authorizeUrl",
      message: "only an authorization_code credential has an authorize URL",
    });
  }
  const separator = input.scopeSeparator ?? " ";
  const scopes = [...new Set(input.scopes ?? [])];
  for (const scope of scopes) {
    if (scope.includes(separator)) {
      problems.push({ path: "oauth.scopes", message: "a scope contains the scope separator" });
    }
  }
  const extra = input.extraAuthorizeParams ?? {};
  for (const name of Object.keys(extra)) {
    if ((RESERVED_AUTHORIZE_PARAMS as readonly string[]).includes(name.toLowerCase())) {
      problems.push({
        path: `oauth.extraAuthorizeParams.${name}`,
        message:
          "is set by the flow itself (response_type, client_id, redirect_uri, state, " +
          "code_challenge, code_challenge_method, scope)",
      });
    }
  }
  if (input.grantType === "client_credentials" && Object.keys(extra).length > 0) {
    problems.push({
      path: "oauth.extraAuthorizeParams",
      message: "only an authorization_code credential sends authorize parameters",
    });
  }
  if (problems.length > 0 || tokenUrl === null) {
    throw new Invalid("The OAuth 2.0 configuration is not valid.", problems);
  }
  return {
    grantType: input.grantType,
    authorizeUrl,
    tokenUrl,
    clientId: input.clientId,
    scopes,
    scopeSeparator: separator,
    extraAuthorizeParams: { ...extra },
    tokenAuthMethod: input.tokenAuthMethod ?? "client_secret_basic",
  };
}

function checkEndpoint(
  raw: string,
  path: string,
  policy: OutboundPolicy,
  problems: Problem[],
): string | null {
  const checked = checkUrl(raw, policy);
  if (!checked.ok) {
    problems.push({ path, message: `refused by the outbound guard: ${checked.reason}` });
    return null;
  }
  const url = checked.url;
  if (url.protocol !== "https:" && !isAllowListed(policy, url)) {
    problems.push({ path, message: "must be https (http only for OUTBOUND_ALLOW_HOSTS)" });
    return null;
  }
  if (url.hash !== "") {
    problems.push({ path, message: "may not have a fragment" });
    return null;
  }
  return url.toString();
}

/** Whether two configurations bind the same (the AAD's canonical form). */
export function sameOAuthConfig(a: OAuthConfig, b: OAuthConfig): boolean {
  return JSON.stringify(canonicalOAuthConfig(a)) === JSON.stringify(canonicalOAuthConfig(b));
}
