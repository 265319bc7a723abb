// HubSpot CRM v3 contacts list (GET /crm/v3/objects/contacts?limit&properties&archived[&after]):
// OAuth access token as a bearer token; 200 with {results: [...], paging: {next: {after, link}}},
// the last page without `paging`; refusals as {status: "error", message, correlationId, category}.
import type { JsonValue } from "../../../engine/json.ts";
import { contractSuite, type Exchange } from "../contract-harness.ts";

const TOKEN = "CNbt-hubspot-oauth-access-token-for-contract-tests";
const PROPERTIES = "email,firstname,lastname";
const LIST = `https://api.hubapi.com/crm/v3/objects/contacts?limit=100&properties=${PROPERTIES}&archived=false`;

function contact(id: number): JsonValue {
  return {
    id: String(id),
    properties: {
      createdate: "2026-11-02T09:12:41.402Z",
      email: `person${id}@example.com`,
      firstname: `First${id}`,
      hs_object_id: String(id),
      lastmodifieddate: "2026-11-20T16:03:10.117Z",
      lastname: `Last${id}`,
    },
    createdAt: "2026-11-02T09:12:41.402Z",
    updatedAt: "2026-11-20T16:03:10.117Z",
    archived: false,
  };
}

/** One page of ids; `after` is the cursor HubSpot hands out for the next page, if any. */
function page(after: string | null, ids: number[], next: string | null): Exchange {
  return {
    expect: {
      method: "GET",
      url: after ? `${LIST}&after=${after}` : LIST,
      auth: { bearer: TOKEN },
    },
    respond: {
      status: 200,
      json: {
        results: ids.map(contact),
        ...(next
          ? {
              paging: {
                next: {
                  after: next,
                  link: `https://api.hubapi.com/crm/v3/objects/contacts?after=${next}&limit=100`,
                },
              },
            }
          : {}),
      },
    },
  };
}

const ids = (list: number[]) => list.map(String);
const emails = (list: number[]) => list.map((id) => `person${id}@example.com`);

contractSuite({
  slug: "hubspot-list-contacts",
  input: { properties: PROPERTIES },
  credentials: { hubspot_oauth: TOKEN },
  exchanges: [
    page(null, [101, 102], "103"),
    page("103", [103, 104], "105"),
    page("105", [105], null),
  ],
  output: {
    list: {
      ids: ids([101, 102, 103, 104, 105]),
      emails: emails([101, 102, 103, 104, 105]),
      firstNames: [101, 102, 103, 104, 105].map((id) => `First${id}`),
      lastNames: [101, 102, 103, 104, 105].map((id) => `Last${id}`),
      pages: 3,
      truncated: false,
    },
  },
  mapping: {},
  runs: [
    {
      name: "a single page (no paging member)",
      exchanges: [page(null, [7], null)],
      output: {
        list: {
          ids: ["7"],
          emails: ["person7@example.com"],
          firstNames: ["First7"],
          lastNames: ["Last7"],
          pages: 1,
          truncated: false,
        },
      },
    },
  ],
  vendorErrors: [
    {
      name: "403 MISSING_SCOPES on the second page",
      exchanges: [
        page(null, [1], "2"),
        {
          expect: page("2", [], null).expect,
          respond: {
            status: 403,
            json: {
              status: "error",
              message:
                "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
              correlationId: "4a9b0f4e-3b1e-4c8e-9d2a-1f0e6c1b2a3d",
              errors: [
                {
                  message: "One or more of the following scopes are required.",
                  context: { requiredGranularScopes: ["crm.objects.contacts.read"] },
                },
              ],
              links: { scopes: "https://developers.hubspot.com/scopes" },
              category: "MISSING_SCOPES",
            },
          },
        },
      ],
      status: "failed",
      failedStep: { id: "list", kind: "http_error" },
      traceShows: "MISSING_SCOPES",
    },
  ],
});
