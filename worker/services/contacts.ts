// Contacts are the CRM's: this API only reads them (to show what a field mapping wrote).
import {
  type Contact,
  getContact,
  type ListContactsArgs,
  listContacts as listRows,
} from "../db/contacts.ts";
import { NotFound } from "../lib/errors.ts";
import { asCaller, type WorkspaceScope, workspacePage } from "./scope.ts";

export function listContacts(scope: WorkspaceScope, args: Omit<ListContactsArgs, "workspaceId">) {
  return workspacePage(scope, listRows, args);
}

export async function readContact(scope: WorkspaceScope, id: string): Promise<Contact> {
  const workspaceId = scope.workspace.id;
  const contact = await asCaller(scope, (tx) => getContact(tx, workspaceId, id));
  if (!contact) throw new NotFound("Contact not found.");
  return contact;
}
