// A workspace's credentials: sealed with what they are bound to (hosts, placements, query
// parameter), so changing any of those needs the value again.
import { canonicalHosts, encryptCredential } from "../../engine/crypto.ts";
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
}

/**
 * Stores or replaces a credential; tells which. Without a value only the labels (provider,
 * auth type) of an existing one change, and only if its binding stays the same.
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
  const allowedHosts = [...new Set(input.allowedHosts.map((host) => host.trim().toLowerCase()))];
  const placements = canonicalPlacements(input.placements ?? DEFAULT_PLACEMENTS);
  const queryParam = input.queryParam ?? null;
  const workspaceId = scope.workspace.id;
  const binding = { workspaceId, name, allowedHosts, placements, queryParam };
  const sealed =
    input.value === undefined
      ? null
      : await encryptCredential(getKeyring(scope.config), binding, input.value);
  const labels = {
    workspaceId,
    name,
    provider: input.provider ?? null,
    authType: input.authType ?? "bearer",
  };
  return asCaller(scope, async (tx) => {
    let outcome: "created" | "replaced";
    if (sealed) {
      outcome = await putRow(tx, { ...labels, ...sealed, allowedHosts, placements, queryParam });
    } else {
      const stored = await lockCredentialBinding(tx, workspaceId, name);
      if (!stored) throw valueRequired("a new credential needs its value");
      if (!sameBinding(stored, binding)) {
        throw valueRequired(
          "changing allowedHosts, placements or queryParam needs the value again (they are " +
            "bound into its encryption)",
        );
      }
      await updateCredentialLabels(tx, labels);
      outcome = "replaced";
    }
    const credential = await getCredential(tx, workspaceId, name);
    if (!credential) throw new Error("stored credential not readable");
    return { outcome, credential };
  });
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
