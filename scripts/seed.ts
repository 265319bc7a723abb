// The dev seed: a demo workspace with an owner and a member, a saas admin, and contacts.
// A script rather than SQL alone so that later steps can encrypt credentials with the dev key.
// Safe to re-run: every row has a fixed id and is upserted.
import postgres from "postgres";
import { DEMO_CONTACTS, DEMO_USERS, DEMO_WORKSPACE_ID } from "./lib/demo-data.ts";

export async function seedDemo(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      for (const user of Object.values(DEMO_USERS)) {
        await tx`
          insert into auth.users (id, email) values (${user.id}, ${user.email})
          on conflict (id) do update set email = excluded.email`;
      }
      await tx`
        insert into public.workspaces (id, name) values (${DEMO_WORKSPACE_ID}, 'Demo workspace')
        on conflict (id) do nothing`;
      for (const user of Object.values(DEMO_USERS)) {
        if (!user.role) continue;
        await tx`
          insert into public.workspace_members (workspace_id, user_id, role)
          values (${DEMO_WORKSPACE_ID}, ${user.id}, ${user.role})
          on conflict (workspace_id, user_id) do nothing`;
      }
      await tx`
        insert into public.saas_admin_users (user_id, role)
        values (${DEMO_USERS.admin.id}, 'super_admin')
        on conflict (user_id) do nothing`;
      for (const contact of DEMO_CONTACTS) {
        await tx`
          insert into public.contacts (id, workspace_id, email, first_name, last_name, phone)
          values (${contact.id}, ${DEMO_WORKSPACE_ID}, ${contact.email}, ${contact.first_name},
                  ${contact.last_name}, ${contact.phone})
          on conflict (id) do nothing`;
      }
    });
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
  await seedDemo(url);
  console.log("seeded");
}
