import { describe, expect, test } from "vitest";
import type { OAuthConfig } from "./oauth-config.ts";
import {
  configFromPreset,
  OAuthPresetSchema,
  presetMismatches,
  presetUrlProblems,
} from "./oauth-preset.ts";
import { EMPTY_POLICY, parseAllowList } from "./outbound.ts";

const GOOGLE = {
  grantType: "authorization_code",
  authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenUrl: "https://oauth2.googleapis.com/token",
  scopes: ["https://www.googleapis.com/auth/spreadsheets"],
  extraAuthorizeParams: { access_type: "offline", prompt: "consent" },
};

function issues(value: unknown): string[] {
  const parsed = OAuthPresetSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("an OAuth preset", () => {
  test("fills the defaults: space-separated scopes, client_secret_basic", () => {
    const preset = OAuthPresetSchema.parse({
      grantType: "client_credentials",
      tokenUrl: "https://login.example.com/token",
    });
    expect(preset).toEqual({
      grantType: "client_credentials",
      authorizeUrl: null,
      tokenUrl: "https://login.example.com/token",
      scopes: [],
      scopeSeparator: " ",
      extraAuthorizeParams: {},
      tokenAuthMethod: "client_secret_basic",
    });
  });

  test("never carries a client id or secret", () => {
    expect(issues({ ...GOOGLE, clientId: "abc" }).join()).toMatch(/clientId|unrecognized/i);
    expect(issues({ ...GOOGLE, clientSecret: "s3cret" }).join()).toMatch(
      /clientSecret|unrecognized/i,
    );
  });

  test("authorization_code needs an authorize URL; client_credentials has none", () => {
    expect(issues({ ...GOOGLE, authorizeUrl: null })).toEqual([
      "authorizeUrl: authorization_code needs an authorizeUrl",
    ]);
    expect(issues({ ...GOOGLE, grantType: "client_credentials" })).toEqual([
      "authorizeUrl: client_credentials has no authorize step",
      "extraAuthorizeParams: client_credentials has no authorize step",
    ]);
  });

  test("cannot replace the parameters the authorize request sets itself", () => {
    expect(
      issues({ ...GOOGLE, extraAuthorizeParams: { redirect_uri: "https://evil.example" } }),
    ).toEqual([
      "extraAuthorizeParams.redirect_uri: redirect_uri is set by the authorize request itself",
    ]);
  });

  test("refuses scopes with spaces, repeated scopes, and scopes containing a comma separator", () => {
    expect(issues({ ...GOOGLE, scopes: ['a"b'] })).toEqual([
      "scopes.0: an OAuth scope has no spaces, quotes or backslashes",
    ]);
    expect(issues({ ...GOOGLE, scopes: ["a", "a"] })).toEqual(["scopes: scopes repeat"]);
    expect(issues({ ...GOOGLE, scopes: ["a,b"], scopeSeparator: "," })).toEqual([
      'scopes.0: a scope cannot contain the separator ","',
    ]);
  });

  test("its URLs need https and must pass the outbound guard, except allow-listed hosts", () => {
    const parsed = OAuthPresetSchema.parse({
      ...GOOGLE,
      authorizeUrl: "http://127.0.0.1:8788/oauth/authorize",
      tokenUrl: "http://169.254.169.254/token",
    });
    expect(presetUrlProblems(parsed, EMPTY_POLICY, "oauth").map((p) => p.path)).toEqual([
      "oauth.authorizeUrl",
      "oauth.tokenUrl",
    ]);
    const local = OAuthPresetSchema.parse({
      ...GOOGLE,
      authorizeUrl: "http://127.0.0.1:8788/oauth/authorize",
      tokenUrl: "http://127.0.0.1:8788/oauth/token",
    });
    expect(presetUrlProblems(local, parseAllowList("127.0.0.1:8788"), "oauth")).toEqual([]);
    const plain = OAuthPresetSchema.parse({ ...GOOGLE, tokenUrl: "http://oauth2.example.com/t" });
    expect(presetUrlProblems(plain, EMPTY_POLICY, "oauth")).toEqual([
      { path: "oauth.tokenUrl", message: "must use https" },
    ]);
  });
});

describe("matching a credential's OAuth configuration against a preset", () => {
  const preset = OAuthPresetSchema.parse(GOOGLE);
  const config: OAuthConfig = configFromPreset(preset, "client-1.apps.googleusercontent.com");

  test("the preset's own configuration matches, with any client and more scopes", () => {
    expect(presetMismatches(preset, config)).toEqual([]);
    expect(presetMismatches(preset, { ...config, scopes: [...config.scopes, "openid"] })).toEqual(
      [],
    );
  });

  test("another tenant's token URL matches (where tokens go is the credential's own choice)", () => {
    const tenant = { ...config, tokenUrl: "https://login.example.com/tenant-42/token" };
    expect(presetMismatches(preset, tenant)).toEqual([]);
  });

  test("another grant or a missing scope does not", () => {
    expect(presetMismatches(preset, { ...config, grantType: "client_credentials" })).toEqual([
      "it uses the client_credentials grant and the template needs authorization_code",
    ]);
    expect(presetMismatches(preset, { ...config, scopes: [] })).toEqual([
      "it does not ask for the scopes https://www.googleapis.com/auth/spreadsheets",
    ]);
  });
});
