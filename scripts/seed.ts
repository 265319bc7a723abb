// The dev seed: a demo workspace with an owner and a member, a saas admin, and contacts.
// A script rather than SQL alone so that later steps can encrypt credentials with the dev key.
// Safe to re-run: every row has a fixed id and is upserted.
import postgres from "postgres";
import { encryptCredential, parseKeyring } from "../engine/crypto.ts";
import { DEFAULT_PLACEMENTS } from "../engine/placements.ts";
import {
  DEMO_CONNECTOR_ID,
  DEMO_CONTACTS,
  DEMO_CREDENTIAL_NAME,
  DEMO_PAGINATED_CONNECTOR_ID,
  DEMO_SCHEDULE,
  DEMO_TEMPLATE_ID,
  DEMO_USERS,
  DEMO_WEBHOOK_ID,
  DEMO_WORKSPACE_ID,
  DEV_WEBHOOK_SECRET,
  specExample,
} from "./lib/demo-data.ts";
import { pagedDemoDefinition } from "./lib/demo-pages.ts";
import { DEMO_TARGET_TOKEN } from "./lib/demo-target.ts";
import { upsertOfficialTemplates } from "./lib/official-templates.ts";
import { rotateAll } from "./lib/rotate.ts";
import { sealWebhookSecret } from "../worker/services/webhooks-signature.ts";
import { DEMO_TARGET_PORT, DEV_CREDENTIALS_KEYS } from "./lib/local-defaults.ts";

export async function seedDemo(
  databaseUrl: string,
  credentialsKeys = DEV_CREDENTIALS_KEYS,
  /** Where the demo target listens; the browser tests run their own on another port. */
  demoHost = `127.0.0.1:${DEMO_TARGET_PORT}`,
): Promise<void> {
  // Bound (AAD) to exactly the metadata inserted below: the demo target, header placement only.
  const keyring = parseKeyring(credentialsKeys);
  const sealed = await encryptCredential(
    keyring,
    {
      workspaceId: DEMO_WORKSPACE_ID,
      name: DEMO_CREDENTIAL_NAME,
      allowedHosts: [demoHost],
      placements: DEFAULT_PLACEMENTS,
      queryParam: null,
    },
    DEMO_TARGET_TOKEN,
  );
  const hookSecret = await sealWebhookSecret(
    keyring,
    DEMO_WORKSPACE_ID,
    DEMO_WEBHOOK_ID,
    DEV_WEBHOOK_SECRET,
  );
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      for (const user of Object.values(DEMO_USERS)) {
        await tx`
          insert into auth.users (id, email) values (${user.id}, ${user.email})
          on conflict (id) do update set email = excluded.email`;
      }
      await tx`
        insert into connectors.workspaces (id, name) values (${DEMO_WORKSPACE_ID}, 'Demo workspace')
        on conflict (id) do nothing`;
      for (const user of Object.values(DEMO_USERS)) {
        if (!user.role) continue;
        await tx`
          insert into connectors.workspace_members (workspace_id, user_id, role)
          values (${DEMO_WORKSPACE_ID}, ${user.id}, ${user.role})
          on conflict (workspace_id, user_id) do nothing`;
      }
      await tx`
        insert into connectors.saas_admin_users (user_id, role)
        values (${DEMO_USERS.admin.id}, 'super_admin')
        on conflict (user_id) do nothing`;
      for (const contact of DEMO_CONTACTS) {
        await tx`
          insert into connectors.contacts (id, workspace_id, email, first_name, last_name, phone)
          values (${contact.id}, ${DEMO_WORKSPACE_ID}, ${contact.email}, ${contact.first_name},
                  ${contact.last_name}, ${contact.phone})
          on conflict (id) do nothing`;
      }
      // The demo target's token, encrypted with the configured (by default the dev) key and
      // bound to the demo target only. Re-seeding keeps a credential someone replaced.
      await tx`
        insert into connectors.workspace_api_credentials
          (workspace_id, name, provider, auth_type, ciphertext, key_version, allowed_hosts,
           placements, query_param, created_by)
        values (${DEMO_WORKSPACE_ID}, ${DEMO_CREDENTIAL_NAME}, 'demo', 'bearer',
                ${sealed.ciphertext}, ${sealed.keyVersion}, ${[demoHost]},
                ${[...DEFAULT_PLACEMENTS]}, null, ${DEMO_USERS.owner.id})
        on conflict (workspace_id, name) do nothing`;
      await tx`
        insert into connectors.connectors (id, workspace_id, name, description, definition, created_by)
        values (${DEMO_CONNECTOR_ID}, ${DEMO_WORKSPACE_ID}, 'Demo: find and tag a person',
                'the example connector against the local demo target: looks the contact up by email, ' ||
                'tags them, and maps their company onto the contact.',
                ${tx.json(specExample(demoHost))}, ${DEMO_USERS.owner.id})
        on conflict (id) do nothing`;
      await tx`
        insert into connectors.connectors (id, workspace_id, name, description, definition, created_by)
        values (${DEMO_PAGINATED_CONNECTOR_ID}, ${DEMO_WORKSPACE_ID}, 'Demo: list every person',
                'a paginated connector: pages through the demo target''s 57 people with a cursor ' ||
                'and extracts every id once.',
                ${tx.json(pagedDemoDefinition(demoHost, "cursor"))}, ${DEMO_USERS.owner.id})
        on conflict (id) do nothing`;
      // An example schedule, disabled: PUT it with `"enabled": true` to see it fire.
      await tx`
        insert into connectors.connector_schedules
          (connector_id, workspace_id, cron, timezone, input, contact_id, enabled, created_by)
        values (${DEMO_CONNECTOR_ID}, ${DEMO_WORKSPACE_ID}, ${DEMO_SCHEDULE.cron},
                ${DEMO_SCHEDULE.timezone}, ${tx.json(DEMO_SCHEDULE.input)},
                ${DEMO_SCHEDULE.contactId}, ${DEMO_SCHEDULE.enabled}, ${DEMO_USERS.owner.id})
        on conflict (connector_id) do nothing`;
      // The demo connector's webhook, with the published dev secret (`npm run dev` prints it).
      await tx`
        insert into connectors.connector_webhooks
          (id, workspace_id, connector_id, description, contact_id_path, secret_ciphertext,
           secret_key_version, created_by)
        values (${DEMO_WEBHOOK_ID}, ${DEMO_WORKSPACE_ID}, ${DEMO_CONNECTOR_ID},
                'Demo: signed deliveries from npm run webhook', '$.contactId',
                ${hookSecret.ciphertext}, ${hookSecret.keyVersion}, ${DEMO_USERS.owner.id})
        on conflict (id) do nothing`;
      // The demo marketplace template: the same example as a community template (not official),
      // featured and approved, so browse → store the credential → install → dry run works offline.
      await tx`
        insert into connectors.connector_templates
          (id, slug, name, description, category, definition, required_credentials,
           is_official, is_featured, visibility, review)
        values (${DEMO_TEMPLATE_ID}, 'demo-people-enrich', 'Demo: enrich a person',
                'Looks a contact up by email on the local demo API, tags them there, and maps ' ||
                'their company and external id onto the contact.',
                'demo', ${tx.json(specExample(demoHost))},
                ${tx.json([
                  {
                    name: DEMO_CREDENTIAL_NAME,
                    authType: "bearer",
                    allowedHosts: [demoHost],
                    helpText:
                      `The demo target (npm run dev) accepts the bearer token "${DEMO_TARGET_TOKEN}"; ` +
                      "the seed already stores it in the demo workspace as example_token.",
                  },
                ])},
                false, true, 'public', 'approved')
        on conflict (id) do nothing`;
      // The official catalogue (templates/official/*.json), upserted by slug and version.
      await upsertOfficialTemplates(tx);
    });
    // A database seeded by an older version holds the demo credential in the legacy format.
    await rotateAll(sql, keyring, { workspaceId: DEMO_WORKSPACE_ID });
  } finally {
    await sql.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2] ?? process.env.DATABASE_URL;
  if (!url) {
    console.error("usage: node scripts/seed.ts <superuser database url>");
    process.exit(2);
  }
  await seedDemo(url, process.env.CREDENTIALS_KEYS || DEV_CREDENTIALS_KEYS);
  console.log("seeded");
}
