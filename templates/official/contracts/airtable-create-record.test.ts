// Airtable create records (POST https://api.airtable.com/v0/{baseId}/{tableIdOrName}): personal
// access token as a bearer token, one record at the top level {fields, typecast}; 200 with the
// record {id, createdTime, fields}.
import { contractSuite } from "../contract-harness.ts";

const TOKEN = "patAbCdEfGhIjKlMn.0123456789abcdef0123456789abcdef";

contractSuite({
  slug: "airtable-create-record",
  input: {
    baseId: "appABC123XYZ45678",
    table: "Leads & Partners",
    fields: { Name: "Ada Lovelace", Email: "ada@example.com", Score: 42 },
  },
  credentials: { airtable_token: TOKEN },
  exchanges: [
    {
      expect: {
        method: "POST",
        url: "https://api.airtable.com/v0/appABC123XYZ45678/Leads%20%26%20Partners",
        auth: { bearer: TOKEN },
        body: {
          json: {
            fields: { Name: "Ada Lovelace", Email: "ada@example.com", Score: 42 },
            typecast: true,
          },
        },
      },
      respond: {
        status: 200,
        json: {
          id: "recABC123def456gh",
          createdTime: "2026-11-22T09:00:00.000Z",
          fields: { Name: "Ada Lovelace", Email: "ada@example.com", Score: 42 },
        },
      },
    },
  ],
  output: { record: { recordId: "recABC123def456gh", createdTime: "2026-11-22T09:00:00.000Z" } },
  mapping: { "custom_fields.airtable_record_id": "recABC123def456gh" },
});
