// Google Sheets spreadsheets.values.append (POST /v4/spreadsheets/{id}/values/{range}:append with
// valueInputOption and insertDataOption): OAuth access token as a bearer token, a ValueRange body;
// 200 with {spreadsheetId, tableRange, updates: {updatedRange, updatedRows, ...}}.
import { contractSuite } from "../contract-harness.ts";

const TOKEN = "ya29.a0AfB_byFakeAccessTokenForContractTests";
const SHEET = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";

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
      expect: {
        method: "POST",
        url: `https://sheets.googleapis.com/v4/spreadsheets/${SHEET}/values/Leads!A%3AD:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS`,
        auth: { bearer: TOKEN },
        body: {
          json: { majorDimension: "ROWS", values: [["Ada", "Lovelace", "ada@example.com", 42]] },
        },
      },
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
});
