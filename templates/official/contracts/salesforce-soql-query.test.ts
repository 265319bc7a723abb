// Salesforce REST query resource (GET https://{MyDomain}.my.salesforce.com/services/data/v62.0/
// query?q=<SOQL>): OAuth access token as a bearer token; 200 with {totalSize, done,
// nextRecordsUrl?, records}, where nextRecordsUrl is relative to the instance
// (/services/data/v62.0/query/<locator>-<n>) and absent once done is true; refusals as an array
// of {message, errorCode}.
import type { JsonValue } from "../../../engine/json.ts";
import { contractSuite, type Exchange } from "../contract-harness.ts";

const TOKEN = "00DRO000000ABCD!AQoAQSalesforceOAuthAccessTokenForContractTests";
const ORIGIN = "https://acme.my.salesforce.com";
const SOQL = "SELECT Id, FirstName, LastName, Email FROM Contact WHERE Email LIKE '%@example.com'";
const QUERY = `${ORIGIN}/services/data/v62.0/query?q=${encodeURIComponent(SOQL)}`;
const LOCATOR = "01gRO0000016PIAYA2";

function record(n: number): JsonValue {
  const id = `003RO00000${String(n).padStart(8, "0")}`;
  return {
    attributes: { type: "Contact", url: `/services/data/v62.0/sobjects/Contact/${id}` },
    Id: id,
    FirstName: `First${n}`,
    LastName: `Last${n}`,
    Email: `person${n}@example.com`,
  };
}

const recordId = (n: number) => `003RO00000${String(n).padStart(8, "0")}`;

/** `count` record numbers from `from` on (Salesforce's default batch is 2,000 records). */
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/** One batch: `from` is where the locator says it starts (null for the query itself). */
function batch(
  from: number | null,
  numbers: number[],
  total: number,
  next: number | null,
): Exchange {
  const url = from === null ? QUERY : `${ORIGIN}/services/data/v62.0/query/${LOCATOR}-${from}`;
  return {
    expect: {
      method: "GET",
      url,
      auth: { bearer: TOKEN },
      headers: { Accept: "application/json" },
    },
    respond: {
      status: 200,
      json: {
        totalSize: total,
        done: next === null,
        ...(next === null
          ? {}
          : { nextRecordsUrl: `/services/data/v62.0/query/${LOCATOR}-${next}` }),
        records: numbers.map(record),
      },
    },
  };
}

contractSuite({
  slug: "salesforce-soql-query",
  input: { instance: "acme", soql: SOQL },
  credentials: { salesforce_oauth: TOKEN },
  exchanges: [batch(null, [1, 2], 5, 2), batch(2, [3, 4], 5, 4), batch(4, [5], 5, null)],
  output: {
    query: {
      records: [1, 2, 3, 4, 5].map(record),
      ids: [1, 2, 3, 4, 5].map(recordId),
      totalSize: 5,
      done: true,
      pages: 3,
      truncated: false,
    },
  },
  mapping: {},
  runs: [
    {
      name: "a query with no rows (done at once)",
      exchanges: [batch(null, [], 0, null)],
      output: {
        query: { records: null, ids: null, totalSize: 0, done: true, pages: 1, truncated: false },
      },
    },
    {
      // 10,000 records are ~1.9 MiB: more than one extracted value may hold (256 KiB), so only
      // the first 100 are kept in full; the ids of all 10,000 fit (~210 KB).
      name: "a query of 12,000 rows in batches of 2,000: 10,000 ids, 100 records, truncated",
      exchanges: [0, 1, 2, 3, 4].map((b) =>
        batch(b === 0 ? null : b * 2000, range(b * 2000 + 1, 2000), 12_000, (b + 1) * 2000),
      ),
      output: {
        query: {
          records: range(1, 100).map(record),
          ids: range(1, 10_000).map(recordId),
          totalSize: 12_000,
          done: false,
          pages: 5,
          truncated: true,
        },
      },
    },
  ],
  vendorErrors: [
    {
      name: "400 MALFORMED_QUERY",
      exchanges: [
        {
          expect: batch(null, [], 0, null).expect,
          respond: {
            status: 400,
            json: [
              {
                message:
                  "\nWHERE Email LIKE '%@example.com'\n      ^\nERROR at Row:1:Column:47\nunexpected token: LIKE",
                errorCode: "MALFORMED_QUERY",
              },
            ],
          },
        },
      ],
      status: "failed",
      failedStep: { id: "query", kind: "http_error" },
      traceShows: "MALFORMED_QUERY",
    },
  ],
});
