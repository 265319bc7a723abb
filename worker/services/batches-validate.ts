// Every item of a batch is checked before anything is written: its input against the connector's
// schema, its contact against the workspace's contacts (one query for all of them). Problems name
// the item, `items[i].…`, so a client can fix them all at once.
import { validateInput } from "../../engine/input-schema.ts";
import type { JsonValue } from "../../engine/json.ts";
import type { Tx } from "../db/client.ts";
import type { BatchItem } from "../db/batches.ts";
import { Invalid } from "../lib/errors.ts";

/** Enough problems to act on; beyond this the answer says how many more there were. */
const MAX_PROBLEMS = 100;

export interface ItemProblem {
  path: string;
  message: string;
}

/** The ids of `ids` that are contacts of the workspace the caller may see. */
async function knownContacts(tx: Tx, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx<{ id: string }[]>`
    select id from connectors.contacts
    where workspace_id = ${workspaceId} and id = any(${ids}::uuid[])`;
  return new Set(rows.map((row) => row.id));
}

/** Throws `Invalid` naming each bad item; returns when every item may start. */
export async function assertBatchItems(
  tx: Tx,
  workspaceId: string,
  inputSchema: JsonValue | undefined,
  items: BatchItem[],
): Promise<void> {
  const problems: ItemProblem[] = [];
  for (const [i, item] of items.entries()) {
    const checked = validateInput(inputSchema, item.input);
    if (!checked.ok) {
      for (const error of checked.errors) {
        problems.push({ path: `items[${i}].${error.path}`, message: error.message });
      }
    }
  }
  const wanted = [...new Set(items.flatMap((item) => (item.contactId ? [item.contactId] : [])))];
  const contacts = await knownContacts(tx, workspaceId, wanted);
  for (const [i, item] of items.entries()) {
    if (item.contactId && !contacts.has(item.contactId)) {
      problems.push({
        path: `items[${i}].contactId`,
        message: "no such contact in this workspace",
      });
    }
  }
  if (problems.length === 0) return;
  problems.sort((a, b) => itemIndex(a.path) - itemIndex(b.path));
  const shown = problems.slice(0, MAX_PROBLEMS);
  if (problems.length > MAX_PROBLEMS) {
    shown.push({ path: "items", message: `${problems.length - MAX_PROBLEMS} more problems` });
  }
  throw new Invalid(
    "Some items are not valid; nothing was started. Each problem names its item.",
    shown,
  );
}

function itemIndex(path: string): number {
  return Number(/^items\[(\d+)\]/.exec(path)?.[1] ?? Number.MAX_SAFE_INTEGER);
}
