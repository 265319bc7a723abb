// HubSpot CRM v3 search (POST /crm/v3/objects/contacts/search): bearer token, filterGroups with
// an EQ filter on email, properties and limit; 200 with {total, results: [{id, properties}]}.
import { contractSuite } from "../contract-harness.ts";

const TOKEN = "pat-na1-66666666-7777-8888-9999-000000000000";

contractSuite({
  slug: "hubspot-find-contact",
  input: { email: "grace@example.com" },
  credentials: { hubspot_token: TOKEN },
  exchanges: [
    {
      expect: {
        method: "POST",
        url: "https://api.hubapi.com/crm/v3/objects/contacts/search",
        auth: { bearer: TOKEN },
        body: {
          json: {
            filterGroups: [
              { filters: [{ propertyName: "email", operator: "EQ", value: "grace@example.com" }] },
            ],
            properties: ["email", "firstname", "lastname", "phone", "company"],
            limit: 1,
          },
        },
      },
      respond: {
        status: 200,
        json: {
          total: 1,
          results: [
            {
              id: "901",
              properties: {
                company: "US Navy",
                createdate: "2026-01-10T08:00:00.000Z",
                email: "grace@example.com",
                firstname: "Grace",
                hs_object_id: "901",
                lastmodifieddate: "2026-10-01T08:00:00.000Z",
                lastname: "Hopper",
                phone: "+1 202 555 0102",
              },
              createdAt: "2026-01-10T08:00:00.000Z",
              updatedAt: "2026-10-01T08:00:00.000Z",
              archived: false,
            },
          ],
        },
      },
    },
  ],
  output: {
    search: {
      total: 1,
      contactId: "901",
      firstName: "Grace",
      lastName: "Hopper",
      phone: "+1 202 555 0102",
      company: "US Navy",
    },
  },
  mapping: {
    first_name: "Grace",
    last_name: "Hopper",
    phone: "+1 202 555 0102",
    company: "US Navy",
    "custom_fields.hubspot_contact_id": "901",
  },
});
