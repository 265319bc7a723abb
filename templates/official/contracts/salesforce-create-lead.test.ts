// Salesforce REST sObject create (POST /services/data/vXX.X/sobjects/Lead/ on the org's My Domain
// host): bearer token, JSON field values; 201 with {id, errors: [], success: true}.
import { contractSuite } from "../contract-harness.ts";

const TOKEN = "00Dxx0000001gPL!AQ4AQFakeSessionTokenForTests";

contractSuite({
  slug: "salesforce-create-lead",
  input: {
    instance: "acme",
    firstName: "Ada",
    lastName: "Lovelace",
    company: "Analytical Engines",
    email: "ada@example.com",
  },
  credentials: { salesforce_token: TOKEN },
  exchanges: [
    {
      expect: {
        method: "POST",
        url: "https://acme.my.salesforce.com/services/data/v62.0/sobjects/Lead/",
        auth: { bearer: TOKEN },
        body: {
          json: {
            FirstName: "Ada",
            LastName: "Lovelace",
            Company: "Analytical Engines",
            Email: "ada@example.com",
            Phone: null,
          },
        },
      },
      respond: { status: 201, json: { id: "00Q5e00000AbCdEFGH", errors: [], success: true } },
    },
  ],
  output: { lead: { leadId: "00Q5e00000AbCdEFGH", success: true } },
  mapping: { "custom_fields.salesforce_lead_id": "00Q5e00000AbCdEFGH" },
});
