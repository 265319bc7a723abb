// Everything a run needs before its first request: the definition (the connector's row for a dry
// run, the execution's snapshot for a runner), the contact, and the credentials it names,
// decrypted. Shared by the dry run and the runner; each passes the transactions its rules allow.
import {
  type Keyring,
  type OpenedCredential,
  openCredential,
  type SealedCredential,
} from "../engine/crypto.ts";
import { credentialNamesUsed, parseDefinitionShape } from "../engine/definition.ts";
import { type OAuthConfig, parseOAuthConfig, parseOAuthSecrets } from "../engine/oauth-config.ts";
import type { JsonValue } from "../engine/json.ts";
import type { CredentialInput } from "../engine/run.ts";
import { credentialBinding } from "./credential-binding.ts";
import type { InTransaction, Tx } from "./sql.ts";

export interface RunnableConnector {
  id: string;
  status: "active" | "disabled";
  definition: Record<string, unknown>;
}

export type Contact = Record<string, JsonValue>;

export async function loadRunnableConnector(
  tx: Tx,
  workspaceId: string,
  id: string,
): Promise<RunnableConnector | null> {
  const [row] = await tx<RunnableConnector[]>`
    select id, status, definition from connectors.connectors
    where workspace_id = ${workspaceId} and id = ${id}`;
  return row ?? null;
}

/** The contact as `{{contact.*}}` reads it. */
export async function loadContact(
  tx: Tx,
  workspaceId: string,
  contactId: string,
): Promise<Contact | null> {
  const [row] = await tx<{ contact: Contact }[]>`
    select jsonb_build_object(
      'id', id, 'email', email, 'first_name', first_name, 'last_name', last_name,
      'phone', phone, 'company', company, 'custom_fields', custom_fields) as contact
    from connectors.contacts where workspace_id = ${workspaceId} and id = ${contactId}`;
  return row?.contact ?? null;
}

/**
 * The ciphertext of the named credentials, which `authenticated` cannot read: call it as
 * service_role, scoped to one workspace, for a caller entitled to run there.
 */
export async function loadSealedCredentials(
  tx: Tx,
  workspaceId: string,
  names: string[],
): Promise<LoadedCredential[]> {
  if (names.length === 0) return [];
  const rows = await tx<(SealedCredential & { id: string; oauthConfig: unknown })[]>`
    select id, name, ciphertext, key_version as "keyVersion", allowed_hosts as "allowedHosts",
           placements, query_param as "queryParam", oauth_config as "oauthConfig"
    from connectors.workspace_api_credentials
    where workspace_id = ${workspaceId} and name in ${tx(names)}`;
  return rows.map(({ id, oauthConfig, ...row }) => ({
    ...row,
    oauth: readOAuthConfig(oauthConfig),
    binding: credentialBinding({ ...row, id, oauthConfig }),
  }));
}

/** A sealed credential and its binding as the run fixes it (execution/oauth-tokens.ts). */
export type LoadedCredential = SealedCredential & { binding: string };

// A malformed stored configuration binds nothing: the row then fails decryption (its AAD bound
// the configuration it was stored with), a credential_error like any edited binding.
function readOAuthConfig(value: unknown): OAuthConfig | null {
  try {
    return parseOAuthConfig(value);
  } catch {
    return null;
  }
}

export type RunSource =
  /** A dry run: the connector's current row. */
  | { from: "connector"; workspaceId: string; connectorId: string; contactId: string | null }
  /** A claimed execution: the definition snapshot it was queued with. */
  | { from: "execution"; workspaceId: string; definition: JsonValue; contactId: string | null };

export interface PrepareRunIo {
  /** Reads the connector and the contact (the dry run as the user, under RLS). */
  read: InTransaction;
  /** Reads the sealed credentials: service_role only. */
  readSecrets: InTransaction;
  keyring: Keyring;
}

export type CredentialsOutcome =
  | { ok: true; values: Record<string, CredentialInput> }
  /** A credential could not be opened; the message names it and its key version, never a key. */
  | { ok: false; error: { kind: "credential_error"; message: string; stepId: null } };

export interface PreparedRun {
  definition: JsonValue;
  /** Null without a contact id, or when the contact is not there (the caller decides). */
  contact: Contact | null;
  /** The credential names the definition uses (the ones found are the keys of `values`). */
  credentialNames: string[];
  credentials: CredentialsOutcome;
  /** Each loaded credential's binding: the token source refuses a row that changed since. */
  credentialBindings: Record<string, string>;
  /** Steps in the definition (0 when it does not parse: the engine then fails the run). */
  stepCount: number;
}

/** Null when the connector of a dry run is not there (or not the caller's to see). */
export async function prepareRun(source: RunSource, io: PrepareRunIo): Promise<PreparedRun | null> {
  const { workspaceId, contactId } = source;
  const subject = await io.read(async (tx) => {
    let definition: JsonValue;
    if (source.from === "connector") {
      const connector = await loadRunnableConnector(tx, workspaceId, source.connectorId);
      if (!connector) return null;
      definition = connector.definition as JsonValue;
    } else {
      definition = source.definition;
    }
    const contact = contactId ? await loadContact(tx, workspaceId, contactId) : null;
    return { definition, contact };
  });
  if (!subject) return null;

  const shape = parseDefinitionShape(subject.definition);
  const credentialNames = shape.ok ? [...credentialNamesUsed(shape.definition)] : [];
  const sealed =
    credentialNames.length === 0
      ? []
      : await io.readSecrets((tx) => loadSealedCredentials(tx, workspaceId, credentialNames));
  return {
    ...subject,
    credentialNames,
    stepCount: shape.ok ? shape.definition.steps.length : 0,
    credentials: await openAll(io.keyring, workspaceId, sealed),
    credentialBindings: Object.fromEntries(sealed.map((row) => [row.name, row.binding])),
  };
}

async function openAll(
  keyring: Keyring,
  workspaceId: string,
  sealed: SealedCredential[],
): Promise<CredentialsOutcome> {
  const values: Record<string, CredentialInput> = {};
  try {
    for (const row of sealed) {
      const opened = await openCredential(keyring, workspaceId, row);
      values[row.name] = row.oauth ? oauthInput(row.oauth, opened) : opened;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : "credential unusable";
    return { ok: false, error: { kind: "credential_error", message, stepId: null } };
  }
  return { ok: true, values };
}

/**
 * An oauth2 credential as a run sees it: its value is the access token (empty until the first
 * grant; the run's token source refreshes it), its client secret and refresh token are redacted
 * from the start and bound to the token URL's host.
 */
function oauthInput(config: OAuthConfig, opened: OpenedCredential): CredentialInput {
  let secrets: ReturnType<typeof parseOAuthSecrets>;
  try {
    secrets = parseOAuthSecrets(opened.value);
  } catch {
    throw new Error("an OAuth credential's sealed document is malformed");
  }
  const tokenUrl = new URL(config.tokenUrl);
  return {
    ...opened,
    value: secrets.accessToken ?? "",
    oauth: {
      tokenHosts: [tokenUrl.port === "" ? tokenUrl.hostname : tokenUrl.host],
      secrets: [secrets.clientSecret, secrets.refreshToken ?? ""],
    },
  };
}
