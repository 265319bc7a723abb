import type { Tx } from "./client.ts";
import { type Keyset, withoutCursor } from "../lib/pagination.ts";
import { containsPattern, cursorAt, iso, olderThan } from "./sql.ts";

export interface Contact {
  id: string;
  workspaceId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  company: string | null;
  customFields: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

interface ContactRow extends Omit<Contact, "createdAt" | "updatedAt"> {
  createdAt: Date;
  updatedAt: Date;
  cursorAt: string;
}

function toContact(row: ContactRow): Contact & { cursorAt: string } {
  return {
    ...row,
    createdAt: iso(row.createdAt) as string,
    updatedAt: iso(row.updatedAt) as string,
  };
}

function columns(tx: Tx) {
  return tx`
    id, workspace_id as "workspaceId", email, first_name as "firstName",
    last_name as "lastName", phone, company, custom_fields as "customFields",
    created_at as "createdAt", updated_at as "updatedAt",
    ${tx.unsafe(cursorAt("created_at"))} as "cursorAt"`;
}

export interface ListContactsArgs {
  workspaceId: string;
  limit: number;
  after: Keyset | null;
  q?: string;
}

/** Newest first (`limit + 1` rows); `q` matches email, first, last or full name. */
export async function listContacts(tx: Tx, args: ListContactsArgs) {
  const pattern = args.q ? containsPattern(args.q) : null;
  const q = pattern
    ? tx`and (email ilike ${pattern}
              or concat_ws(' ', first_name, last_name) ilike ${pattern})`
    : tx``;
  const after = olderThan(tx, args.after, "created_at", "id");
  const rows = await tx<ContactRow[]>`
    select ${columns(tx)}
    from connectors.contacts
    where workspace_id = ${args.workspaceId} ${q} ${after}
    order by created_at desc, id desc
    limit ${args.limit + 1}`;
  return rows.map(toContact);
}

export async function getContact(tx: Tx, workspaceId: string, id: string): Promise<Contact | null> {
  const [row] = await tx<ContactRow[]>`
    select ${columns(tx)}
    from connectors.contacts
    where workspace_id = ${workspaceId} and id = ${id}`;
  return row ? withoutCursor(toContact(row)) : null;
}
