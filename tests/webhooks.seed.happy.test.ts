// The dev seed's demo webhook as `npm run dev` prints it: the printed signed curl line is
// accepted, starts an execution for the seeded contact, and the same line again starts nothing.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_CONTACTS, DEMO_WEBHOOK_ID } from "../scripts/lib/demo-data.ts";
import { demoWebhookLines } from "../scripts/lib/dev-webhook.ts";
import { seedDemo } from "../scripts/seed.ts";
import { testClient } from "./harness/app.ts";
import { adminSql } from "./harness/fixtures.ts";
import { deliver } from "./harness/webhooks.ts";

const client = testClient();

beforeAll(async () => {
  await seedDemo(inject("superuserUrl"));
});

describe("the seeded demo webhook", () => {
  it("accepts the printed curl line once, for the seeded contact", async () => {
    const printed = demoWebhookLines("http://127.0.0.1:8787");
    expect(printed).toContain(`/v1/hooks/${DEMO_WEBHOOK_ID}`);
    expect(printed).toContain("npm run webhook -- ");
    const header = /Connectors-Signature: (t=\d+,v1=[0-9a-f]{64})'/.exec(printed)?.[1] ?? "";
    const body = /--data-raw '([^']+)'/.exec(printed)?.[1] ?? "";
    const first = await deliver(client, DEMO_WEBHOOK_ID, body, header);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const again = await deliver(client, DEMO_WEBHOOK_ID, body, header);
    expect(again.body.executionId).toBe(first.body.executionId);
    const [row] = await adminSql()<{ contact_id: string; trigger: string }[]>`
      select contact_id, trigger from connectors.connector_executions
      where id = ${first.body.executionId ?? ""}`;
    expect(row).toEqual({ contact_id: DEMO_CONTACTS[0].id, trigger: "webhook" });
    await client.settle();
  });
});
