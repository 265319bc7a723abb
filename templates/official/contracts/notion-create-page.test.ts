// Notion API 2025-09-03: GET /v1/databases/{id} lists the database's data_sources; POST /v1/pages
// with parent {type: "data_source_id"} and property values creates the page. Bearer token and the
// Notion-Version header on both.
import { contractSuite } from "../contract-harness.ts";

const TOKEN = "ntn_123456789012FakeIntegrationSecretForTests";
const DATABASE = "897e5a76ae524b48a6d40b46543ebcda";
const DATA_SOURCE = "c174b72c-d782-432f-8dc0-b647e1c96df6";
const PAGE = "59833787-2cf9-4fdf-8782-e53db20768a5";

contractSuite({
  slug: "notion-create-page",
  input: { databaseId: DATABASE, name: "Ada Lovelace", email: "ada@example.com" },
  credentials: { notion_token: TOKEN },
  exchanges: [
    {
      expect: {
        method: "GET",
        url: `https://api.notion.com/v1/databases/${DATABASE}`,
        auth: { bearer: TOKEN },
        headers: { "Notion-Version": "2025-09-03" },
      },
      respond: {
        status: 200,
        json: {
          object: "database",
          id: "897e5a76-ae52-4b48-a6d4-0b46543ebcda",
          title: [{ type: "text", text: { content: "Contacts" }, plain_text: "Contacts" }],
          data_sources: [{ id: DATA_SOURCE, name: "Contacts" }],
          is_inline: false,
          in_trash: false,
        },
      },
    },
    {
      expect: {
        method: "POST",
        url: "https://api.notion.com/v1/pages",
        auth: { bearer: TOKEN },
        headers: { "Notion-Version": "2025-09-03" },
        body: {
          json: {
            parent: { type: "data_source_id", data_source_id: DATA_SOURCE },
            properties: {
              Name: { title: [{ text: { content: "Ada Lovelace" } }] },
              Email: { email: "ada@example.com" },
            },
          },
        },
      },
      respond: {
        status: 200,
        json: {
          object: "page",
          id: PAGE,
          created_time: "2026-11-22T09:00:00.000Z",
          last_edited_time: "2026-11-22T09:00:00.000Z",
          archived: false,
          in_trash: false,
          url: "https://www.notion.so/Ada-Lovelace-598337872cf94fdf8782e53db20768a5",
          public_url: null,
          parent: { type: "data_source_id", data_source_id: DATA_SOURCE },
          properties: {},
        },
      },
    },
  ],
  output: {
    database: { dataSourceId: DATA_SOURCE },
    page: {
      pageId: PAGE,
      url: "https://www.notion.so/Ada-Lovelace-598337872cf94fdf8782e53db20768a5",
    },
  },
  mapping: {
    "custom_fields.notion_page_id": PAGE,
    "custom_fields.notion_page_url":
      "https://www.notion.so/Ada-Lovelace-598337872cf94fdf8782e53db20768a5",
  },
});
