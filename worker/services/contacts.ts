// Contacts are the CRM's: this API only reads them (to show what a field mapping wrote).
import {
  type Contact,
  getContact,
  type ListContactsArgs,
  listContacts as listRows,
} from "../db/contacts.ts";
import { NotFound } from "../lib/errors.ts";
import { keysetPage } from "../lib/pagination.ts";
import { asCaller, type WorkspaceScope } from "./scope.ts";

export async function listContacts(
  scope: WorkspaceScope,
  args: Omit<ListContactsArgs, "workspaceId">,
) {
  const workspaceId = scope.workspace.id;
  const rows = await asCaller(scope, (tx) => listRows(tx, { ...args, workspaceId }));
  return keysetPage(rows, args.limit);
}

export async function readContact(scope: WorkspaceScope, id: string): Promise<Contact> {
  const workspaceId = scope.workspace.id;
  const contact = await asCaller(scope, (tx) => getContact(tx, workspaceId, id));
  if (!contact) throw new NotFound("Contact not found.");
  return contact;
}
