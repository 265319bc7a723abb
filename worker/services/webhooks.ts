// A connector's inbound webhooks: created, rotated and deleted by owners and admins (the route
// guard and RLS both say so), listed by members. A secret is generated here, sealed bound to its
// hook (webhooks-signature.ts) and shown once, in the answer to create or rotate.
import { compileJsonPath } from "../../engine/jsonpath.ts";
import {
  deleteWebhook as deleteRow,
  insertWebhook,
  listWebhooks as listRows,
  replaceWebhookSecret,
  type WebhookRef,
  type WebhookRow,
} from "../db/webhooks.ts";
import { Invalid, NotFound } from "../lib/errors.ts";
import { getKeyring } from "../lib/keyring.ts";
import { type Keyset, keysetPage } from "../lib/pagination.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";
import { generateWebhookSecret, sealWebhookSecret } from "./webhooks-signature.ts";

export type Webhook = Omit<WebhookRow, "workspaceId"> & { url: string };

/** The delivery URL of a hook on this API (`origin` is the API's own, as the caller reached it). */
export function hookUrl(origin: string, hookId: string): string {
  return `${origin}/v1/hooks/${hookId}`;
}

function present({ workspaceId: _ws, ...row }: WebhookRow, origin: string): Webhook {
  return { ...row, url: hookUrl(origin, row.id) };
}

const connectorNotFound = () => new NotFound("Connector not found.");
const webhookNotFound = () => new NotFound("Webhook not found.");

/** A contactIdPath must compile with the engine's own JSONPath parser and limits. */
function checkContactIdPath(path: string | null): void {
  if (path === null) return;
  const compiled = compileJsonPath(path);
  if (!compiled.ok) {
    throw new Invalid("contactIdPath is not a valid JSONPath.", [
      { path: "contactIdPath", message: compiled.message },
    ]);
  }
}

export async function createWebhook(
  scope: WorkspaceScope,
  args: { connectorId: string; description: string | null; contactIdPath: string | null },
  origin: string,
): Promise<Webhook & { secret: string }> {
  checkContactIdPath(args.contactIdPath);
  const workspaceId = scope.workspace.id;
  const id = crypto.randomUUID();
  const secret = generateWebhookSecret();
  const sealed = await sealWebhookSecret(getKeyring(scope.config), workspaceId, id, secret);
  const row = await asCaller(scope, (tx) =>
    insertWebhook(tx, {
      id,
      workspaceId,
      connectorId: args.connectorId,
      description: args.description,
      contactIdPath: args.contactIdPath,
      ...sealed,
    }),
  );
  if (!row) throw connectorNotFound();
  return { ...present(row, origin), secret };
}

export async function listWebhooks(
  scope: WorkspaceScope,
  args: { connectorId: string; limit: number; after: Keyset | null },
  origin: string,
) {
  const workspaceId = scope.workspace.id;
  const rows = await asCaller(scope, (tx) => listRows(tx, { ...args, workspaceId }));
  if (!rows) throw connectorNotFound();
  const page = keysetPage(rows, args.limit);
  return { data: page.data.map((row) => present(row, origin)), nextCursor: page.nextCursor };
}

/** A new secret; the replaced one keeps working for an hour (kept so by the database). */
export async function rotateWebhook(
  scope: WorkspaceScope,
  ref: Omit<WebhookRef, "workspaceId">,
  origin: string,
): Promise<Webhook & { secret: string }> {
  const workspaceId = scope.workspace.id;
  const secret = generateWebhookSecret();
  const sealed = await sealWebhookSecret(getKeyring(scope.config), workspaceId, ref.id, secret);
  const row = await asCaller(scope, (tx) =>
    replaceWebhookSecret(tx, { ...ref, workspaceId }, sealed),
  );
  if (!row) throw webhookNotFound();
  return { ...present(row, origin), secret };
}

export async function deleteWebhook(
  scope: WorkspaceScope,
  ref: Omit<WebhookRef, "workspaceId">,
): Promise<void> {
  const workspaceId = scope.workspace.id;
  if (!(await asCaller(scope, (tx) => deleteRow(tx, { ...ref, workspaceId })))) {
    throw webhookNotFound();
  }
}
