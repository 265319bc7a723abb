// A template's OAuth 2.0 provider preset (SPEC §10, issue 15): where an installer's OAuth
// credential authorizes and fetches tokens, the scopes the template's steps need and how the
// provider wants them asked for. Presets live with the templates (templates/official/*.json,
// admin template bodies), never in code, and never carry a client id or secret: those belong to
// the workspace's own credential. Install checks a bound credential against its preset.
import { z } from "zod";
import type { DefinitionProblem } from "./errors.ts";
import {
  OAUTH_GRANT_TYPES,
  type OAuthConfig,
  SCOPE_SEPARATORS,
  TOKEN_AUTH_METHODS,
} from "./oauth-config.ts";
import { checkUrl, isAllowListed, type OutboundPolicy } from "./outbound.ts";

/** Parameters the authorize request sets itself; a preset may not replace them. */
export const RESERVED_AUTHORIZE_PARAMS: readonly string[] = [
  "response_type",
  "client_id",
  "redirect_uri",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
];

// RFC 6749 §3.3 scope-token: no space, double quote or backslash.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

const UrlText = z.string().min(1).max(2048);

export const OAuthPresetSchema = z
  .strictObject({
    grantType: z.enum(OAUTH_GRANT_TYPES).meta({
      description:
        "`authorization_code` (a user connects in a browser, PKCE S256) or `client_credentials`.",
      example: "authorization_code",
    }),
    authorizeUrl: UrlText.nullable().default(null).meta({
      description: "The provider's authorization endpoint; required for `authorization_code`.",
      example: "https://accounts.google.com/o/oauth2/v2/auth",
    }),
    tokenUrl: UrlText.meta({
      description: "The provider's token endpoint.",
      example: "https://oauth2.googleapis.com/token",
    }),
    scopes: z
      .array(
        z
          .string()
          .min(1)
          .max(512)
          .regex(SCOPE_TOKEN, "an OAuth scope has no spaces, quotes or backslashes"),
      )
      .max(100)
      .default([])
      .meta({
        description: "The scopes the template's steps need; a bound credential must ask for each.",
        example: ["https://www.googleapis.com/auth/spreadsheets"],
      }),
    scopeSeparator: z
      .enum(SCOPE_SEPARATORS)
      .default(" ")
      .meta({ description: 'How scopes are joined: `" "` (RFC 6749) or `","` (Slack).' }),
    extraAuthorizeParams: z
      .record(z.string().min(1).max(100), z.string().max(1024))
      .default({})
      .meta({
        description: "Extra authorize-URL parameters the provider needs.",
        example: { access_type: "offline", prompt: "consent" },
      }),
    tokenAuthMethod: z
      .enum(TOKEN_AUTH_METHODS)
      .default("client_secret_basic")
      .meta({ description: "How the client authenticates at `tokenUrl`." }),
  })
  .superRefine((preset, ctx) => {
    if (preset.grantType === "authorization_code" && preset.authorizeUrl === null) {
      ctx.addIssue({
        code: "custom",
        path: ["authorizeUrl"],
        message: "authorization_code needs an authorizeUrl",
      });
    }
    if (preset.grantType === "client_credentials") {
      if (preset.authorizeUrl !== null) {
        ctx.addIssue({
          code: "custom",
          path: ["authorizeUrl"],
          message: "client_credentials has no authorize step",
        });
      }
      if (Object.keys(preset.extraAuthorizeParams).length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["extraAuthorizeParams"],
          message: "client_credentials has no authorize step",
        });
      }
    }
    for (const key of Object.keys(preset.extraAuthorizeParams)) {
      if (RESERVED_AUTHORIZE_PARAMS.includes(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["extraAuthorizeParams", key],
          message: `${key} is set by the authorize request itself`,
        });
      }
    }
    if (new Set(preset.scopes).size !== preset.scopes.length) {
      ctx.addIssue({ code: "custom", path: ["scopes"], message: "scopes repeat" });
    }
    preset.scopes.forEach((scope, index) => {
      if (scope.includes(preset.scopeSeparator)) {
        ctx.addIssue({
          code: "custom",
          path: ["scopes", index],
          message: `a scope cannot contain the separator "${preset.scopeSeparator}"`,
        });
      }
    });
  })
  .meta({
    id: "OAuthPreset",
    description:
      "The OAuth 2.0 provider preset of an `oauth2` template credential: everything but the " +
      "client id and secret, which the workspace's own credential supplies (SPEC §10). A bound " +
      "credential matches it when it is an OAuth 2.0 credential with the same `grantType` that " +
      "asks for every preset scope.",
  });

export type OAuthPreset = z.output<typeof OAuthPresetSchema>;

/**
 * Where a preset sends a user and a client secret must pass the outbound guard and use https,
 * except hosts on the local allow list (as credential URLs do, SPEC §10).
 */
export function presetUrlProblems(
  preset: OAuthPreset,
  policy: OutboundPolicy,
  at: string,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const urls: [string, string | null][] = [
    ["authorizeUrl", preset.authorizeUrl],
    ["tokenUrl", preset.tokenUrl],
  ];
  for (const [field, text] of urls) {
    if (text === null) continue;
    const path = `${at}.${field}`;
    const checked = checkUrl(text, policy);
    if (!checked.ok) {
      problems.push({ path, message: checked.reason });
      continue;
    }
    const { url } = checked;
    if (url.protocol !== "https:" && !isAllowListed(policy, url)) {
      problems.push({ path, message: "must use https" });
    } else if (url.hash !== "") {
      problems.push({ path, message: "must not have a fragment" });
    }
  }
  return problems;
}

/**
 * Why a workspace credential's OAuth configuration does not serve a template's preset (empty
 * when it does): the same grant, and every scope the template needs among those it asks for.
 * URLs are not compared: tenant-specific token endpoints (a Microsoft tenant id, a Salesforce
 * sandbox) are the installer's choice, and where tokens go is bound by the credential itself.
 * The preset is thus advice, so only saas admins write presets other workspaces see
 * (worker/services/template-oauth.ts `checkPresets`).
 */
export function presetMismatches(preset: OAuthPreset, config: OAuthConfig): string[] {
  const out: string[] = [];
  if (config.grantType !== preset.grantType) {
    out.push(`it uses the ${config.grantType} grant and the template needs ${preset.grantType}`);
  }
  const missing = preset.scopes.filter((scope) => !config.scopes.includes(scope));
  if (missing.length > 0) out.push(`it does not ask for the scopes ${missing.join(", ")}`);
  return out;
}

/** The OAuth configuration a preset suggests for a client of the installer's own. */
export function configFromPreset(preset: OAuthPreset, clientId: string): OAuthConfig {
  return {
    grantType: preset.grantType,
    authorizeUrl: preset.authorizeUrl,
    tokenUrl: preset.tokenUrl,
    clientId,
    scopes: [...preset.scopes],
    scopeSeparator: preset.scopeSeparator,
    extraAuthorizeParams: { ...preset.extraAuthorizeParams },
    tokenAuthMethod: preset.tokenAuthMethod,
  };
}
