// Microsoft Graph v1.0 list users (GET https://graph.microsoft.com/v1.0/users?$select&$top):
// OAuth access token as a bearer token; 200 with {"@odata.context", "@odata.nextLink"?, value},
// where @odata.nextLink is an absolute URL carrying $skiptoken and is absent on the last page;
// refusals as {error: {code, message, innerError}}.
import type { JsonValue } from "../../../engine/json.ts";
import { contractSuite, type Exchange } from "../contract-harness.ts";

const TOKEN = "eyJ0eXAiOiJKV1QiLCJub25jZSI6ImdyYXBoLWNvbnRyYWN0LXRlc3QifQ.graph-token";
const SELECT = "id,displayName,mail";
const USERS = `https://graph.microsoft.com/v1.0/users?$select=${SELECT}&$top=100`;
const CONTEXT = `https://graph.microsoft.com/v1.0/$metadata#users(${SELECT})`;

const userId = (n: number) => `6e7b768e-07e2-4810-8459-${String(n).padStart(12, "0")}`;

function user(n: number): JsonValue {
  return { id: userId(n), displayName: `Person ${n}`, mail: `person${n}@contoso.com` };
}

/** One page; `token` is the $skiptoken of the link that led here (null for the first page). */
function page(token: string | null, numbers: number[], next: string | null): Exchange {
  return {
    expect: {
      method: "GET",
      url: token === null ? USERS : `${USERS}&$skiptoken=${token}`,
      auth: { bearer: TOKEN },
      headers: { Accept: "application/json" },
    },
    respond: {
      status: 200,
      json: {
        "@odata.context": CONTEXT,
        ...(next === null ? {} : { "@odata.nextLink": `${USERS}&$skiptoken=${next}` }),
        value: numbers.map(user),
      },
    },
  };
}

const all = [1, 2, 3, 4, 5, 6];

contractSuite({
  slug: "microsoft-graph-list-users",
  input: { select: SELECT },
  credentials: { microsoft_graph_oauth: TOKEN },
  exchanges: [
    page(null, [1, 2], "RFNwdAIAAQAAACpQZXJzb24gMg"),
    page("RFNwdAIAAQAAACpQZXJzb24gMg", [3, 4], "RFNwdAIAAQAAACpQZXJzb24gNA"),
    page("RFNwdAIAAQAAACpQZXJzb24gNA", [5, 6], null),
  ],
  output: {
    users: {
      ids: all.map(userId),
      displayNames: all.map((n) => `Person ${n}`),
      mails: all.map((n) => `person${n}@contoso.com`),
      pages: 3,
      truncated: false,
    },
  },
  mapping: {},
  vendorErrors: [
    {
      name: "403 Authorization_RequestDenied",
      exchanges: [
        {
          expect: page(null, [], null).expect,
          respond: {
            status: 403,
            json: {
              error: {
                code: "Authorization_RequestDenied",
                message: "Insufficient privileges to complete the operation.",
                innerError: {
                  date: "2026-11-30T10:00:00",
                  "request-id": "0b5e3f2a-9c4d-4e7b-8a1f-2d6c3b4a5e6f",
                  "client-request-id": "0b5e3f2a-9c4d-4e7b-8a1f-2d6c3b4a5e6f",
                },
              },
            },
          },
        },
      ],
      status: "failed",
      failedStep: { id: "users", kind: "http_error" },
      traceShows: "Authorization_RequestDenied",
    },
  ],
});
