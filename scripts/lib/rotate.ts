import type postgres from "postgres";
import { CIPHERTEXT_FORMAT_PREFIX, type Keyring, rotateCredential } from "../../engine/crypto.ts";
import type { JsonValue } from "../../engine/json.ts";
import { resealTaint } from "../../execution/resume.ts";

export interface RotationReport {
  rotated: number;
  skipped: number;
  /** Executions whose sealed step values (`step_taint`) were sealed again. */
  checkpoints: number;
  failed: { workspaceId: string; name: string; reason: string }[];
}

const FIRST_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Re-encrypts every credential, then every execution's sealed step values (see rotateCheckpoints),
 * so that the old key can be removed once it reports nothing failed.
 */
export async function rotateAll(
  sql: postgres.Sql,
  keyring: Keyring,
  options: { batchSize?: number; workspaceId?: string } = {},
): Promise<RotationReport> {
  const report = await rotateCredentials(sql, keyring, options);
  await rotateCheckpoints(sql, keyring, report, options);
  return report;
}

/**
 * Re-encrypts every credential that is not on the newest key or not in the current AAD format
 * (legacy rows bound only workspace and name; they are sealed again bound to the hosts and
 * placement rules they hold now), a batch at a time, each row updated only if nobody replaced
 * it meanwhile. Safe to stop and run again: it resumes with whatever is still left. A row whose
 * bound metadata was edited since it was stored fails (and stays unusable). Never prints or
 * returns a value.
 */
async function rotateCredentials(
  sql: postgres.Sql,
  keyring: Keyring,
  options: { batchSize?: number; workspaceId?: string },
): Promise<RotationReport> {
  const report: RotationReport = { rotated: 0, skipped: 0, checkpoints: 0, failed: [] };
  const failedIds = new Set<string>();
  const batchSize = options.batchSize ?? 100;
  let lastId = FIRST_ID;
  for (;;) {
    const rows = await sql<
      {
        id: string;
        workspace_id: string;
        name: string;
        ciphertext: string;
        key_version: number;
        allowed_hosts: string[];
        placements: string[];
        query_param: string | null;
      }[]
    >`
      select id, workspace_id, name, ciphertext, key_version, allowed_hosts, placements,
             query_param
      from connectors.workspace_api_credentials
      where (key_version <> ${keyring.currentVersion}
             or not starts_with(ciphertext, ${CIPHERTEXT_FORMAT_PREFIX}))
        and id > ${lastId}
        and (${options.workspaceId ?? null}::uuid is null or workspace_id = ${options.workspaceId ?? null})
      order by id
      limit ${batchSize}`;
    if (rows.length === 0) break;
    for (const row of rows) {
      lastId = row.id;
      if (failedIds.has(row.id)) continue;
      try {
        const sealed = await rotateCredential(
          keyring,
          {
            workspaceId: row.workspace_id,
            name: row.name,
            keyVersion: row.key_version,
            allowedHosts: row.allowed_hosts,
            placements: row.placements,
            queryParam: row.query_param,
          },
          row.ciphertext,
        );
        const updated = await sql`
          update connectors.workspace_api_credentials
          set ciphertext = ${sealed.ciphertext}, key_version = ${sealed.keyVersion}
          where id = ${row.id} and key_version = ${row.key_version}
            and ciphertext = ${row.ciphertext} and allowed_hosts = ${row.allowed_hosts}
            and placements = ${row.placements}
            and query_param is not distinct from ${row.query_param}`;
        if (updated.count === 1) report.rotated += 1;
        else report.skipped += 1;
      } catch (error) {
        failedIds.add(row.id);
        report.failed.push({
          workspaceId: row.workspace_id,
          name: row.name,
          reason: error instanceof Error ? error.message : "unknown error",
        });
      }
    }
  }
  return report;
}

/**
 * Re-seals the tainted values committed steps of unfinished executions keep (`step_taint`,
 * execution/resume.ts) under the current key, with the same binding. Only the entries it read
 * are replaced, and only while they are unchanged: a runner may append a step's entry meanwhile,
 * and a finish or a reclaim clears them (nothing left to rotate then).
 */
async function rotateCheckpoints(
  sql: postgres.Sql,
  keyring: Keyring,
  report: RotationReport,
  options: { batchSize?: number; workspaceId?: string },
): Promise<void> {
  let lastId = FIRST_ID;
  for (;;) {
    const rows = await sql<
      { id: string; workspace_id: string; step_taint: Record<string, JsonValue> }[]
    >`
      select id, workspace_id, step_taint from connectors.connector_executions
      where step_taint <> '{}'::jsonb
        and exists (select 1 from jsonb_each(step_taint) e
                    where (e.value ->> 'keyVersion')::int is distinct from ${keyring.currentVersion})
        and id > ${lastId}
        and (${options.workspaceId ?? null}::uuid is null or workspace_id = ${options.workspaceId ?? null})
      order by id
      limit ${options.batchSize ?? 100}`;
    if (rows.length === 0) return;
    for (const row of rows) {
      lastId = row.id;
      try {
        const at = { workspaceId: row.workspace_id, executionId: row.id };
        const resealed = await resealTaint(keyring, at, row.step_taint);
        const read = Object.fromEntries(
          Object.keys(resealed).map((stepId) => [stepId, row.step_taint[stepId]]),
        );
        const updated = await sql`
          update connectors.connector_executions
          set step_taint = step_taint || ${sql.json(resealed as never)}::jsonb
          where id = ${row.id} and step_taint @> ${sql.json(read as never)}::jsonb`;
        if (updated.count === 1) report.checkpoints += 1;
        else report.skipped += 1;
      } catch (error) {
        report.failed.push({
          workspaceId: row.workspace_id,
          name: `execution ${row.id} (sealed step values)`,
          reason: error instanceof Error ? error.message : "unknown error",
        });
      }
    }
  }
}
