// HubSpot CRM v3 batch upsert (POST /crm/v3/objects/contacts/batch/upsert): bearer token,
// inputs[] of {idProperty, id, properties}; 200 with {status, results: [{id, new, properties}]}.
import { contractSuite } from "../contract-harness.ts";

const TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";

contractSuite({
  slug: "hubspot-upsert-contact",
  input: {
    email: "ada@example.com",
    properties: { firstname: "Ada", lastname: "Lovelace", company: "Analytical Engines" },
  },
  credentials: { hubspot_token: TOKEN },
  exchanges: [
    {
      expect: {
        method: "POST",
        url: "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert",
        auth: { bearer: TOKEN },
        body: {
          json: {
            inputs: [
              {
                idProperty: "email",
                id: "ada@example.com",
                properties: {
                  firstname: "Ada",
                  lastname: "Lovelace",
                  company: "Analytical Engines",
                },
              },
            ],
          },
        },
      },
      respond: {
        status: 200,
        json: {
          status: "COMPLETE",
          results: [
            {
              id: "512",
              new: true,
              properties: {
                company: "Analytical Engines",
                createdate: "2026-11-22T09:00:00.000Z",
                email: "ada@example.com",
                firstname: "Ada",
                hs_object_id: "512",
                lastmodifieddate: "2026-11-22T09:00:00.000Z",
                lastname: "Lovelace",
              },
              createdAt: "2026-11-22T09:00:00.000Z",
              updatedAt: "2026-11-22T09:00:00.000Z",
              archived: false,
            },
          ],
          startedAt: "2026-11-22T09:00:00.000Z",
          completedAt: "2026-11-22T09:00:00.100Z",
        },
      },
    },
  ],
  output: {
    upsert: {
      contactId: "512",
      created: true,
      firstName: "Ada",
      lastName: "Lovelace",
      batchStatus: "COMPLETE",
    },
  },
  mapping: { first_name: "Ada", last_name: "Lovelace", "custom_fields.hubspot_contact_id": "512" },
});
