import { describe, expect, test } from "vitest";
import { parseDefinitionShape } from "../../engine/definition.ts";
import { configFromPreset, OAuthPresetSchema } from "../../engine/oauth-preset.ts";
import { findOfficialTemplate } from "../../templates/official/index.ts";
import { oauthBindingProblems, storedPresets } from "./template-oauth.ts";
import { normalizeRequiredCredentials } from "./template-requirements.ts";

const slack = findOfficialTemplate("slack-post-to-general");
if (!slack) throw new Error("no slack template");
const parsed = parseDefinitionShape(slack.definition);
if (!parsed.ok) throw new Error("invalid slack template");
const definition = parsed.definition;
const presets = storedPresets(normalizeRequiredCredentials(slack.requiredCredentials));
const preset = OAuthPresetSchema.parse(presets.slack_oauth);

describe("stored presets", () => {
  test("are read back from required_credentials; a malformed one is dropped, not trusted", () => {
    expect(Object.keys(presets)).toEqual(["slack_oauth"]);
    const stored = normalizeRequiredCredentials([
      { name: "a", authType: "oauth2", allowedHosts: ["x.example"], oauth: { grantType: "nope" } },
    ]);
    expect(stored[0]?.oauth).toBeUndefined();
  });
});

describe("binding an oauth2 template credential", () => {
  const config = configFromPreset(preset, "client");
  const bind = (oauth: typeof config | null, mapping: Record<string, string> = {}) =>
    oauthBindingProblems(
      definition,
      mapping,
      presets,
      new Map([["chosen", { authType: oauth ? "oauth2" : "bearer", oauth }]]),
    );

  test("accepts the preset's own configuration under the bound name", () => {
    expect(bind(config, { slack_oauth: "chosen" })).toEqual([]);
  });

  test("leaves a credential the workspace lacks to the host check", () => {
    expect(bind(config)).toEqual([]);
  });

  test("refuses a static credential and a scope short of the preset, once each", () => {
    expect(bind(null, { slack_oauth: "chosen" })).toEqual([
      { path: "credentials.slack_oauth", message: expect.stringContaining("not an OAuth 2.0") },
    ]);
    expect(bind({ ...config, scopes: ["chat:write"] }, { slack_oauth: "chosen" })).toEqual([
      {
        path: "credentials.slack_oauth",
        message: expect.stringContaining("does not ask for the scopes channels:read"),
      },
    ]);
  });
});
