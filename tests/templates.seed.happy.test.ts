// The dev seed's demo template, end to end as a new user meets it after `npm run dev`: browse,
// see what it needs and where it calls, install it with the seeded credential, dry-run it.
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_TEMPLATE_ID, DEMO_USERS, DEMO_WORKSPACE_ID } from "../scripts/lib/demo-data.ts";
import { createDemoTarget } from "../scripts/lib/demo-target.ts";
import { JWT_SECRET, SUPABASE_URL } from "../scripts/lib/local-defaults.ts";
import { mintToken } from "../scripts/lib/tokens.ts";
import { seedDemo } from "../scripts/seed.ts";
import type { Connector } from "../worker/db/connectors.ts";
import type { Template } from "../worker/db/templates.ts";
import { testClient } from "./harness/app.ts";
import { specExample } from "./harness/definitions.ts";
import { adminSql } from "./harness/fixtures.ts";

const DEMO_HOST = "127.0.0.1:8788";
const client = testClient({ OUTBOUND_ALLOW_HOSTS: DEMO_HOST });
let server: Server | null = null;
let memberToken: string;

beforeAll(async () => {
  // Twice: the seed is safe to re-run.
  await seedDemo(inject("superuserUrl"));
  await seedDemo(inject("superuserUrl"));
  memberToken = await mintToken(DEMO_USERS.member, {
    secret: JWT_SECRET,
    supabaseUrl: SUPABASE_URL,
  });
  // The demo target on its fixed port, unless a running `npm run dev` already serves it there.
  const candidate = createDemoTarget();
  server = await new Promise<Server | null>((resolve, reject) => {
    candidate.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "EADDRINUSE" ? resolve(null) : reject(error),
    );
    candidate.listen(8788, "127.0.0.1", () => resolve(candidate));
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe("the seeded demo template", () => {
  it("is listed under featured, shows what it needs, installs with the seeded credential and dry-runs", async () => {
    const featured = await client.json<{ data: Template[] }>(
      "/v1/templates?featured=true&category=demo",
      { token: memberToken },
    );
    expect(featured.status, JSON.stringify(featured.body)).toBe(200);
    const template = featured.body.data.find((t) => t.id === DEMO_TEMPLATE_ID);
    expect(template).toMatchObject({
      slug: "demo-people-enrich",
      category: "demo",
      isOfficial: false,
      isFeatured: true,
      visibility: "public",
      review: "approved",
      hosts: [DEMO_HOST],
      requiredCredentials: [
        { name: "example_token", authType: "bearer", allowedHosts: [DEMO_HOST] },
      ],
    });
    expect(template?.definition).toEqual(specExample(DEMO_HOST));
    const [rows] = await adminSql()<{ n: number }[]>`
      select count(*)::int as n from connectors.connector_templates where slug = 'demo-people-enrich'`;
    expect(rows?.n).toBe(1);

    const installed = await client.json<Connector>(
      `/v1/workspaces/${DEMO_WORKSPACE_ID}/templates/${DEMO_TEMPLATE_ID}/install`,
      { method: "POST", token: memberToken, body: { name: "Installed from the demo template" } },
    );
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    expect(installed.body).toMatchObject({ templateId: DEMO_TEMPLATE_ID, templateVersion: 1 });

    const dry = await client.json<{ status: string; output: Record<string, unknown> }>(
      `/v1/workspaces/${DEMO_WORKSPACE_ID}/connectors/${installed.body.id}/test`,
      {
        method: "POST",
        token: memberToken,
        body: { input: { email: "grace@hopper.test", score: 7 } },
      },
    );
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.status, JSON.stringify(dry.body)).toBe("succeeded");
    await client.request(`/v1/workspaces/${DEMO_WORKSPACE_ID}/connectors/${installed.body.id}`, {
      method: "DELETE",
      token: memberToken,
    });
  });
});
