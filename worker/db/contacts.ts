import type { Claims, Database, Tx } from "./client.ts";
import type { Keyset } from "../lib/pagination.ts";
import { containsPattern, cursorAt, iso } from "./sql.ts";

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

export function withoutCursor(row: Contact & { cursorAt?: string }): Contact {
  const { cursorAt: _ignored, ...contact } = row;
  return contact;
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
export async function listContacts(db: Database, claims: Claims, args: ListContactsArgs) {
  const rows = await db.asUser(claims, (tx) => {
    const pattern = args.q ? containsPattern(args.q) : null;
    const q = pattern
      ? tx`and (email ilike ${pattern}
                or concat_ws(' ', first_name, last_name) ilike ${pattern})`
      : tx``;
    const after = args.after
      ? tx`and (created_at, id) < (${args.after.at}::timestamptz, ${args.after.id}::uuid)`
      : tx``;
    return tx<ContactRow[]>`
      select ${columns(tx)}
      from connectors.contacts
      where workspace_id = ${args.workspaceId} ${q} ${after}
      order by created_at desc, id desc
      limit ${args.limit + 1}`;
  });
  return rows.map(toContact);
}

export async function getContact(tx: Tx, workspaceId: string, id: string): Promise<Contact | null> {
  const [row] = await tx<ContactRow[]>`
    select ${columns(tx)}
    from connectors.contacts
    where workspace_id = ${workspaceId} and id = ${id}`;
  return row ? withoutCursor(toContact(row)) : null;
}
