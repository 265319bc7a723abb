import type postgres from "postgres";
import { CIPHERTEXT_FORMAT_PREFIX, type Keyring, rotateCredential } from "../../engine/crypto.ts";
import type { JsonValue } from "../../engine/json.ts";
import { parseOAuthConfig } from "../../engine/oauth-config.ts";
import { resealTaint } from "../../execution/resume.ts";
import { webhookSecretRef } from "../../worker/services/webhooks-signature.ts";

export interface RotationReport {
  rotated: number;
  skipped: number;
  /** Executions whose sealed step values (`step_taint`) were sealed again. */
  checkpoints: number;
  /** Webhooks whose signing secrets (current and, within its hour, previous) were sealed again. */
  webhooks: number;
  failed: { workspaceId: string; name: string; reason: string }[];
}

const FIRST_ID = "00000000-0000-0000-0000-000000000000";

type BatchOptions = { batchSize?: number; workspaceId?: string };

/** The rest of a batch query's filter: rows after `lastId` (in the workspace, if given), in order. */
function nextBatch(sql: postgres.Sql, lastId: string, options: BatchOptions) {
  const workspaceId = options.workspaceId ?? null;
  return sql`
    and id > ${lastId}
    and (${workspaceId}::uuid is null or workspace_id = ${workspaceId})
    order by id
    limit ${options.batchSize ?? 100}`;
}

/**
 * Re-encrypts every credential, then every execution's sealed step values (see rotateCheckpoints)
 * and every webhook secret, so that the old key can be removed once it reports nothing failed.
 */
export async function rotateAll(
  sql: postgres.Sql,
  keyring: Keyring,
  options: BatchOptions = {},
): Promise<RotationReport> {
  const report = await rotateCredentials(sql, keyring, options);
  await rotateCheckpoints(sql, keyring, report, options);
  await rotateWebhookSecrets(sql, keyring, report, options);
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
  options: BatchOptions,
): Promise<RotationReport> {
  const report: RotationReport = {
    rotated: 0,
    skipped: 0,
    checkpoints: 0,
    webhooks: 0,
    failed: [],
  };
  const failedIds = new Set<string>();
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
        oauth_config: unknown;
        oauth_text: string | null;
        token_version: string;
      }[]
    >`
      select id, workspace_id, name, ciphertext, key_version, allowed_hosts, placements,
             query_param, oauth_config, oauth_config::text as oauth_text, token_version
      from connectors.workspace_api_credentials
      where (key_version <> ${keyring.currentVersion}
             or not starts_with(ciphertext, ${CIPHERTEXT_FORMAT_PREFIX}))
        ${nextBatch(sql, lastId, options)}`;
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
            oauth: parseOAuthConfig(row.oauth_config),
          },
          row.ciphertext,
        );
        // An OAuth token refresh replaces the ciphertext and bumps token_version: then this
        // row is skipped (its new ciphertext is on the newest key already).
        const updated = await sql`
          update connectors.workspace_api_credentials
          set ciphertext = ${sealed.ciphertext}, key_version = ${sealed.keyVersion}
          where id = ${row.id} and key_version = ${row.key_version}
            and token_version = ${row.token_version}
            and oauth_config::text is not distinct from ${row.oauth_text}
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
  options: BatchOptions,
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
        ${nextBatch(sql, lastId, options)}`;
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

type SealedColumn = { ciphertext: string; keyVersion: number } | null;

/**
 * Re-seals webhook signing secrets (the current one, and a previous one still inside its
 * rotation hour; an expired one is dropped) under the current key, bound to the same hook. Each
 * row is updated only while its sealed columns are still the ones read, so a rotation through the
 * API meanwhile wins (that row counts as skipped; run again).
 */
async function rotateWebhookSecrets(
  sql: postgres.Sql,
  keyring: Keyring,
  report: RotationReport,
  options: BatchOptions,
): Promise<void> {
  const current = keyring.currentVersion;
  let lastId = FIRST_ID;
  for (;;) {
    const rows = await sql<
      {
        id: string;
        workspace_id: string;
        secret_ciphertext: string;
        secret_key_version: number;
        previous_secret_ciphertext: string | null;
        previous_key_version: number | null;
        previous_live: boolean;
      }[]
    >`
      select id, workspace_id, secret_ciphertext, secret_key_version, previous_secret_ciphertext,
             previous_key_version, coalesce(previous_expires_at > now(), false) as previous_live
      from connectors.connector_webhooks
      where (secret_key_version <> ${current}
             or (previous_key_version is not null and previous_key_version <> ${current}))
        ${nextBatch(sql, lastId, options)}`;
    if (rows.length === 0) return;
    for (const row of rows) {
      lastId = row.id;
      const ref = webhookSecretRef(row.workspace_id, row.id);
      const reseal = async (sealed: SealedColumn): Promise<SealedColumn> => {
        if (!sealed) return null;
        if (sealed.keyVersion === current) return sealed;
        return rotateCredential(
          keyring,
          { ...ref, keyVersion: sealed.keyVersion },
          sealed.ciphertext,
        );
      };
      try {
        const secret = await reseal({
          ciphertext: row.secret_ciphertext,
          keyVersion: row.secret_key_version,
        });
        const previous =
          row.previous_live && row.previous_secret_ciphertext && row.previous_key_version
            ? await reseal({
                ciphertext: row.previous_secret_ciphertext,
                keyVersion: row.previous_key_version,
              })
            : null;
        const updated = await sql`
          update connectors.connector_webhooks
          set secret_ciphertext = ${secret?.ciphertext ?? row.secret_ciphertext},
              secret_key_version = ${secret?.keyVersion ?? row.secret_key_version},
              previous_secret_ciphertext = ${previous?.ciphertext ?? null},
              previous_key_version = ${previous?.keyVersion ?? null},
              previous_expires_at = case when ${previous !== null} then previous_expires_at end
          where id = ${row.id} and secret_ciphertext = ${row.secret_ciphertext}
            and previous_secret_ciphertext is not distinct from ${row.previous_secret_ciphertext}`;
        if (updated.count === 1) report.webhooks += 1;
        else report.skipped += 1;
      } catch (error) {
        report.failed.push({
          workspaceId: row.workspace_id,
          name: `webhook ${row.id} (signing secret)`,
          reason: error instanceof Error ? error.message : "unknown error",
        });
      }
    }
  }
}
