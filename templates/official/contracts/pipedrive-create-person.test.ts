// Pipedrive API v2 add person (POST /api/v2/persons): API token in the x-api-token header, JSON
// body with name and emails[{value, primary, label}]; 200 with {success: true, data: {id, name}}.
import { contractSuite } from "../contract-harness.ts";

const TOKEN = "659c9fddb16335e48cc67114694b52074e812e03";

contractSuite({
  slug: "pipedrive-create-person",
  input: { name: "Ada Lovelace", email: "ada@example.com" },
  credentials: { pipedrive_api_token: TOKEN },
  exchanges: [
    {
      expect: {
        method: "POST",
        url: "https://api.pipedrive.com/api/v2/persons",
        auth: { header: { name: "x-api-token", value: TOKEN } },
        body: {
          json: {
            name: "Ada Lovelace",
            emails: [{ value: "ada@example.com", primary: true, label: "work" }],
          },
        },
      },
      respond: {
        status: 200,
        json: {
          success: true,
          data: {
            id: 42,
            name: "Ada Lovelace",
            first_name: "Ada",
            last_name: "Lovelace",
            owner_id: 123,
            org_id: null,
            emails: [{ value: "ada@example.com", primary: true, label: "work" }],
            phones: [],
            add_time: "2026-11-22T09:00:00Z",
            update_time: null,
            visible_to: 3,
          },
        },
      },
    },
  ],
  output: { person: { personId: 42, name: "Ada Lovelace" } },
  mapping: { "custom_fields.pipedrive_person_id": 42 },
});
