// Google Sheets spreadsheets.values.append (POST /v4/spreadsheets/{id}/values/{range}:append with
// valueInputOption and insertDataOption): OAuth access token as a bearer token, a ValueRange body;
// 200 with {spreadsheetId, tableRange, updates: {updatedRange, updatedRows, ...}}; refusals as
// Google's {error: {code, message, status}}.
import { contractSuite, type ExpectedRequest } from "../contract-harness.ts";

const TOKEN = "ya29.a0AfB_byFakeAccessTokenForContractTests";
const SHEET = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";

const APPEND: ExpectedRequest = {
  method: "POST",
  url: `https://sheets.googleapis.com/v4/spreadsheets/${SHEET}/values/Leads!A%3AD:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS`,
  auth: { bearer: TOKEN },
  body: {
    json: { majorDimension: "ROWS", values: [["Ada", "Lovelace", "ada@example.com", 42]] },
  },
};

contractSuite({
  slug: "google-sheets-append-row",
  input: {
    spreadsheetId: SHEET,
    range: "Leads!A:D",
    values: ["Ada", "Lovelace", "ada@example.com", 42],
  },
  credentials: { google_sheets_token: TOKEN },
  exchanges: [
    {
      expect: APPEND,
      respond: {
        status: 200,
        json: {
          spreadsheetId: SHEET,
          tableRange: "Leads!A1:D7",
          updates: {
            spreadsheetId: SHEET,
            updatedRange: "Leads!A8:D8",
            updatedRows: 1,
            updatedColumns: 4,
            updatedCells: 4,
          },
        },
      },
    },
  ],
  output: {
    append: {
      tableRange: "Leads!A1:D7",
      updatedRange: "Leads!A8:D8",
      updatedRows: 1,
      updatedCells: 4,
    },
  },
  mapping: {},
  vendorErrors: [
    {
      name: "403 PERMISSION_DENIED (the spreadsheet is not shared with the connected account)",
      exchanges: [
        {
          expect: APPEND,
          respond: {
            status: 403,
            json: {
              error: {
                code: 403,
                message: "The caller does not have permission",
                status: "PERMISSION_DENIED",
              },
            },
          },
        },
      ],
      status: "failed",
      failedStep: { id: "append", kind: "http_error" },
      traceShows: "PERMISSION_DENIED",
    },
  ],
});
