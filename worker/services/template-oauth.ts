// A template's OAuth 2.0 presets (engine/oauth-preset.ts) on the worker's side: checking the
// presets an admin or a publisher attaches to a template's credentials, and checking at install
// and upgrade that each credential a step authenticates with `oauth2` is bound to an OAuth 2.0
// credential of the workspace that matches the preset (same grant, every preset scope asked for).
import { type ConnectorDefinition, credentialsUsedByStep } from "../../engine/definition.ts";
import type { DefinitionProblem } from "../../engine/errors.ts";
import {
  type OAuthPreset,
  presetMismatches,
  presetUrlProblems,
} from "../../engine/oauth-preset.ts";
import type { OutboundPolicy } from "../../engine/outbound.ts";
import type { CredentialOAuth } from "../db/credential-oauth.ts";
import { InvalidDefinition } from "../lib/errors.ts";
import type { RequiredCredential } from "./template-requirements.ts";

/** The template credentials that some step sends through an `oauth2` auth block. */
export function oauthCredentialNames(definition: ConnectorDefinition): Set<string> {
  const names = new Set<string>();
  for (const step of definition.steps) {
    const auth = step.request.auth;
    if (auth?.type === "oauth2") names.add(auth.credential);
  }
  return names;
}

/**
 * Who attaches presets to a template: a saas admin (official templates, and any template at
 * review), a workspace publishing for itself, or a workspace publishing for every workspace.
 */
export type PresetAuthor = "saas_admin" | "own_workspace" | "public_community";

/**
 * Presets given with a template (`credentialOAuth`) must name credentials its steps send as
 * `oauth2`, and their URLs must pass the outbound guard with https. A workspace's public template
 * carries none: install does not compare URLs (engine/oauth-preset.ts `presetMismatches`), so a
 * publisher's preset could steer other workspaces' admins into sending their client secret to
 * the publisher's token URL; a saas admin adds presets at review instead (docs/SECURITY.md).
 * 422 naming each problem.
 */
export function checkPresets(
  definition: ConnectorDefinition,
  presets: Readonly<Record<string, OAuthPreset>>,
  policy: OutboundPolicy,
  author: PresetAuthor,
): void {
  const oauth = oauthCredentialNames(definition);
  const used = new Set(definition.steps.flatMap((step) => [...credentialsUsedByStep(step)]));
  const problems: DefinitionProblem[] = [];
  for (const [name, preset] of Object.entries(presets).sort(([a], [b]) => a.localeCompare(b))) {
    const path = `credentialOAuth.${name}`;
    if (author === "public_community") {
      problems.push({
        path,
        message:
          "a public template published by a workspace carries no OAuth preset: a saas admin " +
          "adds one at review, or publish with visibility workspace",
      });
      continue;
    }
    if (!oauth.has(name)) {
      problems.push({
        path,
        message: used.has(name)
          ? `credential "${name}" is not sent through an oauth2 auth block, so it takes no OAuth preset`
          : `the definition uses no credential "${name}"`,
      });
      continue;
    }
    problems.push(...presetUrlProblems(preset, policy, path));
  }
  if (problems.length > 0) {
    throw new InvalidDefinition(`The OAuth presets have ${problems.length} problem(s).`, problems);
  }
}

/** The presets a stored template carries, by template credential name. */
export function storedPresets(
  required: readonly RequiredCredential[],
): Record<string, OAuthPreset> {
  const out: Record<string, OAuthPreset> = {};
  for (const credential of required) if (credential.oauth) out[credential.name] = credential.oauth;
  return out;
}

/**
 * The install/upgrade OAuth check: a template credential sent through `oauth2` must be bound to
 * an OAuth 2.0 credential (SPEC §10), and to one that matches the template's preset when it has
 * one. A static token is refused even though it would be sent the same way: the template expects
 * the platform to refresh it. Missing credentials are left to `bindingProblems`.
 */
export function oauthBindingProblems(
  definition: ConnectorDefinition,
  mapping: Readonly<Record<string, string>>,
  presets: Readonly<Record<string, OAuthPreset>>,
  workspace: ReadonlyMap<string, CredentialOAuth>,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const name of [...oauthCredentialNames(definition)].sort()) {
    const bound = Object.hasOwn(mapping, name) ? (mapping[name] ?? name) : name;
    const credential = workspace.get(bound);
    if (!credential) continue;
    const preset = Object.hasOwn(presets, name) ? presets[name] : undefined;
    const path = `credentials.${name}`;
    if (credential.oauth === null) {
      problems.push({
        path,
        message:
          `the template authenticates "${name}" with OAuth 2.0 and credential "${bound}" is not ` +
          "an OAuth 2.0 credential: an owner or admin must store it with authType oauth2 and an " +
          `oauth configuration${preset ? " following the template's preset" : ""}, then connect it`,
      });
      continue;
    }
    const mismatches = preset ? presetMismatches(preset, credential.oauth) : [];
    if (mismatches.length > 0) {
      problems.push({
        path,
        message:
          `OAuth 2.0 credential "${bound}" does not match the template's preset: ` +
          `${mismatches.join("; ")}`,
      });
    }
  }
  return problems;
}
