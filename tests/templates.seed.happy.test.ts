// The dev seed's demo template, end to end as a new user meets it after `npm run dev`: browse,
// see what it needs and where it calls, install it with the seeded credential, dry-run it.
import type { Server } from "node:http";
import { decryptCredential, isLegacyCiphertext, parseKeyring } from "../engine/crypto.ts";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_TEMPLATE_ID, DEMO_USERS, DEMO_WORKSPACE_ID } from "../scripts/lib/demo-data.ts";
import { createDemoTarget, DEMO_TARGET_TOKEN } from "../scripts/lib/demo-target.ts";
import { DEV_CREDENTIALS_KEYS, JWT_SECRET, SUPABASE_URL } from "../scripts/lib/local-defaults.ts";
import { mintToken } from "../scripts/lib/tokens.ts";
import { seedDemo } from "../scripts/seed.ts";
import type { Connector } from "../worker/db/connectors.ts";
import type { Template } from "../worker/services/templates.ts";
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

describe("the seeded demo credential", () => {
  it("is stored in the current format, for headers only: the issue's member step is 422", async () => {
    const [row] = await adminSql()<{ ciphertext: string; placements: string[] }[]>`
      select ciphertext, placements from connectors.workspace_api_credentials
      where workspace_id = ${DEMO_WORKSPACE_ID} and name = 'example_token'`;
    expect(isLegacyCiphertext(row?.ciphertext ?? "")).toBe(false);
    expect(row?.placements).toEqual(["header"]);
    const res = await client.json<{ error: { details: { path: string }[] } }>(
      `/v1/workspaces/${DEMO_WORKSPACE_ID}/connectors`,
      {
        method: "POST",
        token: memberToken,
        body: {
          name: "issue 8",
          definition: {
            steps: [
              {
                id: "find",
                request: {
                  method: "GET",
                  url: `http://${DEMO_HOST}/v1/people?email=x@{{credentials.example_token}}`,
                },
              },
            ],
          },
        },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.details.map((p) => p.path)).toEqual(["steps[0].request.url"]);
  });

  it("re-seeding an older dev database re-encrypts a legacy-format demo credential", async () => {
    const key = await parseKeyring(DEV_CREDENTIALS_KEYS).key(1);
    const nonce = crypto.getRandomValues(new Uint8Array(12));
    const aad = new TextEncoder().encode(
      JSON.stringify(["connectors.credential.v1", DEMO_WORKSPACE_ID, "example_token", 1]),
    );
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: "AES-GCM", iv: nonce, additionalData: aad },
        key,
        new TextEncoder().encode(DEMO_TARGET_TOKEN),
      ),
    );
    await adminSql()`
      update connectors.workspace_api_credentials
      set ciphertext = ${btoa(String.fromCharCode(...nonce, ...sealed))}, key_version = 1
      where workspace_id = ${DEMO_WORKSPACE_ID} and name = 'example_token'`;
    await seedDemo(inject("superuserUrl"));
    const [row] = await adminSql()<{ ciphertext: string; key_version: number }[]>`
      select ciphertext, key_version from connectors.workspace_api_credentials
      where workspace_id = ${DEMO_WORKSPACE_ID} and name = 'example_token'`;
    expect(isLegacyCiphertext(row?.ciphertext ?? "")).toBe(false);
    const binding = {
      workspaceId: DEMO_WORKSPACE_ID,
      name: "example_token",
      allowedHosts: [DEMO_HOST],
      placements: ["header"],
      queryParam: null,
      keyVersion: row?.key_version ?? 0,
    };
    expect(
      await decryptCredential(parseKeyring(DEV_CREDENTIALS_KEYS), binding, row?.ciphertext ?? ""),
    ).toBe(DEMO_TARGET_TOKEN);
  });
});
