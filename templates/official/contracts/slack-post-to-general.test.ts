// Slack Web API: conversations.list (GET https://slack.com/api/conversations.list?limit&
// exclude_archived&types[&cursor]) answers {ok, channels, response_metadata: {next_cursor}} with an
// empty next_cursor on the last page; chat.postMessage (POST JSON {channel, text}) answers {ok,
// channel, ts, message}. Both take the OAuth bot token as a bearer token, and both refuse with HTTP
// 200 and {ok: false, error} (e.g. missing_scope with needed/provided, not_in_channel).
import type { JsonValue } from "../../../engine/json.ts";
import { contractSuite, type Exchange } from "../contract-harness.ts";

const TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";
const LIST =
  "https://slack.com/api/conversations.list?limit=200&exclude_archived=true&types=public_channel";
const TEXT = "New lead: Ada Lovelace (ada@example.com)";

function channel(id: string, name: string, general = false): JsonValue {
  return {
    id,
    name,
    is_channel: true,
    is_group: false,
    is_im: false,
    created: 1449252889,
    creator: "U012A3CDE",
    is_archived: false,
    is_general: general,
    unlinked: 0,
    name_normalized: name,
    is_shared: false,
    is_org_shared: false,
    is_member: general,
    is_private: false,
    is_mpim: false,
    topic: { value: "", creator: "", last_set: 0 },
    purpose: { value: `The ${name} channel`, creator: "U012A3CDE", last_set: 1449252889 },
    previous_names: general ? ["general"] : [],
    num_members: 4,
  };
}

function page(cursor: string | null, channels: JsonValue[], next: string): Exchange {
  return {
    expect: {
      method: "GET",
      url: cursor === null ? LIST : `${LIST}&cursor=${encodeURIComponent(cursor)}`,
      auth: { bearer: TOKEN },
    },
    respond: {
      status: 200,
      json: { ok: true, channels, response_metadata: { next_cursor: next } },
    },
  };
}

function post(channelId: JsonValue, respond: JsonValue): Exchange {
  return {
    expect: {
      method: "POST",
      url: "https://slack.com/api/chat.postMessage",
      auth: { bearer: TOKEN },
      headers: { "Content-Type": "application/json; charset=utf-8" },
      contentType: "application/json; charset=utf-8",
      body: { json: { channel: channelId, text: TEXT } },
    },
    respond: { status: 200, json: respond },
  };
}

const POSTED = {
  ok: true,
  channel: "C0GENERAL1",
  ts: "1764583200.000200",
  message: { type: "message", subtype: "bot_message", text: TEXT, ts: "1764583200.000200" },
};

contractSuite({
  slug: "slack-post-to-general",
  input: { text: TEXT },
  credentials: { slack_oauth: TOKEN },
  exchanges: [
    page(
      null,
      [channel("C0RANDOM01", "random"), channel("C0SALES001", "sales")],
      "dGVhbTpDMDYxRkE1UEI=",
    ),
    page(
      "dGVhbTpDMDYxRkE1UEI=",
      [channel("C0GENERAL1", "announcements", true)],
      "dGVhbTpDMDYxRkE1UEM=",
    ),
    page("dGVhbTpDMDYxRkE1UEM=", [channel("C0SUPPORT1", "support")], ""),
    post("C0GENERAL1", POSTED),
  ],
  output: {
    find: {
      ok: true,
      error: null,
      channelId: ["C0GENERAL1"],
      channelName: ["announcements"],
      pages: 3,
    },
    post: { ok: true, error: null, channel: "C0GENERAL1", ts: "1764583200.000200" },
  },
  mapping: {},
  vendorErrors: [
    {
      name: "ok: false, missing_scope on conversations.list (HTTP 200): recorded, nothing found",
      exchanges: [
        {
          expect: page(null, [], "").expect,
          respond: {
            status: 200,
            json: {
              ok: false,
              error: "missing_scope",
              needed: "channels:read",
              provided: "chat:write",
            },
          },
        },
        post(null, { ok: false, error: "channel_not_found" }),
      ],
      status: "succeeded",
      output: {
        find: { ok: false, error: "missing_scope", channelId: null },
        post: { ok: false, error: "channel_not_found" },
      },
    },
    {
      name: "ok: false, not_in_channel on chat.postMessage (HTTP 200)",
      exchanges: [
        page(null, [channel("C0GENERAL1", "general", true)], ""),
        post("C0GENERAL1", { ok: false, error: "not_in_channel" }),
      ],
      status: "succeeded",
      output: {
        find: { ok: true, channelId: ["C0GENERAL1"] },
        post: { ok: false, error: "not_in_channel" },
      },
    },
  ],
});
