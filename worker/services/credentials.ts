// A workspace's credentials: sealed with what they are bound to (hosts, placements, query
// parameter), so changing any of those needs the value again.
import { canonicalHosts, encryptCredential } from "../../engine/crypto.ts";
import {
  type OAuthConfig,
  parseOAuthConfig,
  serializeOAuthSecrets,
} from "../../engine/oauth-config.ts";
import { validateAllowedHosts } from "../../engine/hosts.ts";
import {
  canonicalPlacements,
  DEFAULT_PLACEMENTS,
  type Placement,
} from "../../engine/placements.ts";
import {
  type CredentialMeta,
  deleteCredential as deleteRow,
  getCredential,
  listCredentials as listRows,
  lockCredentialBinding,
  putCredential as putRow,
  updateCredentialLabels,
} from "../db/credentials.ts";
import { Invalid, NotFound } from "../lib/errors.ts";
import { getKeyring } from "../lib/keyring.ts";
import type { Keyset } from "../lib/pagination.ts";
import { type OAuthInput, sameOAuthConfig, toOAuthConfig } from "./oauth-input.ts";
import { asCaller, type WorkspaceScope, workspacePage } from "./scope.ts";

const notFound = () => new NotFound("Credential not found.");

export function listCredentials(
  scope: WorkspaceScope,
  args: { limit: number; after: Keyset | null },
) {
  return workspacePage(scope, listRows, args);
}

export async function readCredential(scope: WorkspaceScope, name: string) {
  const workspaceId = scope.workspace.id;
  const meta = await asCaller(scope, (tx) => getCredential(tx, workspaceId, name));
  if (!meta) throw notFound();
  return meta;
}

export async function deleteCredential(scope: WorkspaceScope, name: string): Promise<void> {
  const workspaceId = scope.workspace.id;
  if (!(await asCaller(scope, (tx) => deleteRow(tx, workspaceId, name)))) throw notFound();
}

export interface PutCredentialInput {
  value?: string;
  provider?: string | null;
  authType?: string;
  allowedHosts: string[];
  placements?: Placement[];
  queryParam?: string | null;
  oauth?: OAuthInput;
}

/**
 * Stores or replaces a credential; tells which. Without a value (or, for OAuth 2.0, without a
 * client secret) only the labels (provider, auth type) of an existing one change, and only if
 * its binding — hosts, placement rules and OAuth configuration — stays the same.
 */
export async function putCredential(
  scope: WorkspaceScope,
  name: string,
  input: PutCredentialInput,
): Promise<{ outcome: "created" | "replaced"; credential: CredentialMeta }> {
  const hostProblems = validateAllowedHosts(input.allowedHosts);
  if (hostProblems.length > 0) {
    throw new Invalid(
      "allowedHosts has invalid entries.",
      hostProblems.map((message) => ({ path: "allowedHosts", message })),
    );
  }
  if (input.oauth && input.value !== undefined) {
    throw new Invalid("value and oauth are exclusive.", [
      { path: "value", message: "an OAuth 2.0 credential's secret is oauth.clientSecret" },
    ]);
  }
  const oauth = input.oauth ? toOAuthConfig(input.oauth, scope.config.outbound) : null;
  if (oauth && input.authType !== undefined && input.authType !== "oauth2") {
    throw new Invalid("authType must be oauth2.", [
      { path: "authType", message: "a credential with oauth is of authType oauth2" },
    ]);
  }
  const allowedHosts = [...new Set(input.allowedHosts.map((host) => host.trim().toLowerCase()))];
  const placements = canonicalPlacements(input.placements ?? DEFAULT_PLACEMENTS);
  const queryParam = input.queryParam ?? null;
  const workspaceId = scope.workspace.id;
  const binding = { workspaceId, name, allowedHosts, placements, queryParam };
  const sealed = await sealInput(scope, binding, input, oauth);
  const labels = {
    workspaceId,
    name,
    provider: input.provider ?? null,
    authType: input.authType ?? (oauth ? "oauth2" : "bearer"),
  };
  return asCaller(scope, async (tx) => {
    let outcome: "created" | "replaced";
    if (sealed) {
      outcome = await putRow(tx, {
        ...labels,
        ...sealed,
        allowedHosts,
        placements,
        queryParam,
        oauthConfig: oauth,
      });
    } else {
      const stored = await lockCredentialBinding(tx, workspaceId, name);
      const secret = oauth ? secretRequired : valueRequired;
      const what = oauth ? "client secret" : "value";
      if (!stored) throw secret(`a new credential needs its ${what}`);
      if (!sameBinding(stored, binding)) {
        throw secret(
          `changing allowedHosts, placements or queryParam needs the ${what} again (they are ` +
            "bound into its encryption)",
        );
      }
      const storedOAuth = parseOAuthConfig(stored.oauth);
      if (oauth && !(storedOAuth && sameOAuthConfig(storedOAuth, oauth))) {
        throw secret("changing the OAuth configuration needs clientSecret again (it is bound in)");
      }
      if (storedOAuth) {
        // The row keeps its OAuth configuration, which the database ties to authType oauth2.
        if (input.authType !== undefined && input.authType !== "oauth2") {
          throw valueRequired("an OAuth 2.0 credential becomes another kind only with a value");
        }
        labels.authType = "oauth2";
      }
      await updateCredentialLabels(tx, labels);
      outcome = "replaced";
    }
    const credential = await getCredential(tx, workspaceId, name);
    if (!credential) throw new Error("stored credential not readable");
    return { outcome, credential };
  });
}

/** The ciphertext to store, or null when the request carries no secret (labels only). */
async function sealInput(
  scope: WorkspaceScope,
  binding: Omit<Parameters<typeof encryptCredential>[1], "oauth">,
  input: PutCredentialInput,
  oauth: OAuthConfig | null,
) {
  const keyring = getKeyring(scope.config);
  if (input.value !== undefined) return encryptCredential(keyring, binding, input.value);
  const clientSecret = input.oauth?.clientSecret;
  if (!oauth || clientSecret === undefined) return null;
  // Tokens start out null; the callback (or a client_credentials fetch) seals them in later.
  const document = serializeOAuthSecrets({ clientSecret, accessToken: null, refreshToken: null });
  return encryptCredential(keyring, { ...binding, oauth }, document);
}

function secretRequired(message: string): Invalid {
  return new Invalid("oauth.clientSecret is required.", [{ path: "oauth.clientSecret", message }]);
}

function valueRequired(message: string): Invalid {
  return new Invalid("value is required.", [{ path: "value", message }]);
}

type Binding = {
  allowedHosts: string[];
  placements: readonly Placement[];
  queryParam: string | null;
};

/** Whether a stored credential is bound to the same hosts and rules (order aside). */
function sameBinding(stored: Binding, wanted: Binding): boolean {
  const hosts = (list: readonly string[]) => JSON.stringify(canonicalHosts(list));
  const rules = (list: readonly Placement[]) => JSON.stringify(canonicalPlacements(list));
  return (
    hosts(stored.allowedHosts) === hosts(wanted.allowedHosts) &&
    rules(stored.placements) === rules(wanted.placements) &&
    stored.queryParam === wanted.queryParam
  );
}
