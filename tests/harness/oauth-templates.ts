// OAuth 2.0 credentials and templates arranged as the database owner, for the suites that check
// how templates carry OAuth presets and what install binds to them.
import type { OAuthConfig } from "../../engine/oauth-config.ts";
import { configFromPreset, type OAuthPreset } from "../../engine/oauth-preset.ts";
import { findOfficialTemplate } from "../../templates/official/index.ts";
import { adminSql } from "./fixtures.ts";
import { insertTemplateRow, uniqueTag } from "./templates.ts";

/** An OAuth 2.0 credential row (placeholder ciphertext: for binding checks, not for running). */
export async function insertOAuthCredentialRow(
  workspaceId: string,
  name: string,
  allowedHosts: string[],
  config: OAuthConfig,
): Promise<void> {
  const sql = adminSql();
  await sql`
    insert into connectors.workspace_api_credentials
      (workspace_id, name, auth_type, ciphertext, allowed_hosts, oauth_config)
    values (${workspaceId}, ${name}, 'oauth2', 'placeholder', ${allowedHosts},
            ${sql.json(config as never)})`;
}

/** A copy of an official template under a unique slug, with its file's credentials and presets. */
export async function insertOfficialCopy(slug: string): Promise<string> {
  const template = findOfficialTemplate(slug);
  if (!template) throw new Error(`no official template ${slug}`);
  return insertTemplateRow({
    slug: uniqueTag(slug),
    name: template.name,
    definition: template.definition as never,
    requiredCredentials: template.requiredCredentials as never,
    isOfficial: true,
  });
}

/** The preset of an official template's credential. */
export function officialPreset(slug: string, credential: string): OAuthPreset {
  const preset = findOfficialTemplate(slug)?.requiredCredentials.find(
    (c) => c.name === credential,
  )?.oauth;
  if (!preset) throw new Error(`${slug} has no preset for ${credential}`);
  return preset;
}

/** The configuration an installer stores for an official template: its preset, their client. */
export function officialConfig(slug: string, credential: string): OAuthConfig {
  return configFromPreset(officialPreset(slug, credential), "client-id-of-the-installer");
}
