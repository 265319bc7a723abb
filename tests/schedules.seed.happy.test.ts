// The dev seed's example schedule: on the demo connector, disabled, valid for its input schema;
// enabling it through the API gives it its next slot.
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  DEMO_CONNECTOR_ID,
  DEMO_SCHEDULE,
  DEMO_USERS,
  DEMO_WORKSPACE_ID,
} from "../scripts/lib/demo-data.ts";
import { JWT_SECRET, SUPABASE_URL } from "../scripts/lib/local-defaults.ts";
import { mintToken } from "../scripts/lib/tokens.ts";
import { seedDemo } from "../scripts/seed.ts";
import { testClient } from "./harness/app.ts";

const client = testClient();
const path = `/v1/workspaces/${DEMO_WORKSPACE_ID}/connectors/${DEMO_CONNECTOR_ID}/schedule`;
let memberToken: string;

beforeAll(async () => {
  await seedDemo(inject("superuserUrl"));
  await seedDemo(inject("superuserUrl"));
  memberToken = await mintToken(DEMO_USERS.member, {
    secret: JWT_SECRET,
    supabaseUrl: SUPABASE_URL,
  });
});

describe("the seeded demo schedule", () => {
  it("is on the demo connector, disabled, with a next slot in the future", async () => {
    const res = await client.json<Record<string, unknown>>(path, { token: memberToken });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ ...DEMO_SCHEDULE, connectorId: DEMO_CONNECTOR_ID });
    expect(Date.parse(String(res.body.nextRunAt))).toBeGreaterThan(Date.now());
  });

  it("is accepted as it is by PUT (its input fits the connector's schema)", async () => {
    const res = await client.json<Record<string, unknown>>(path, {
      method: "PUT",
      token: memberToken,
      body: { ...DEMO_SCHEDULE },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.enabled).toBe(false);
  });
});
