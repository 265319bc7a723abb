// Slack chat.postMessage (POST https://slack.com/api/chat.postMessage): bot token as a bearer
// token, JSON body {channel, text} with Content-type application/json; charset=utf-8; 200 with
// {ok, channel, ts, message}.
import { contractSuite } from "../contract-harness.ts";

const TOKEN = "xoxb-1111111111-2222222222222-AbCdEfGhIjKlMnOpQrStUvWx";

contractSuite({
  slug: "slack-post-message",
  input: { channel: "C0123456789", text: "New lead: Ada Lovelace (ada@example.com)" },
  credentials: { slack_bot_token: TOKEN },
  exchanges: [
    {
      expect: {
        method: "POST",
        url: "https://slack.com/api/chat.postMessage",
        auth: { bearer: TOKEN },
        headers: { "Content-Type": "application/json; charset=utf-8" },
        contentType: "application/json; charset=utf-8",
        body: {
          json: { channel: "C0123456789", text: "New lead: Ada Lovelace (ada@example.com)" },
        },
      },
      respond: {
        status: 200,
        json: {
          ok: true,
          channel: "C0123456789",
          ts: "1732265400.000200",
          message: {
            type: "message",
            subtype: "bot_message",
            text: "New lead: Ada Lovelace (ada@example.com)",
            ts: "1732265400.000200",
            bot_id: "B0123456789",
          },
        },
      },
    },
  ],
  output: { post: { ok: true, error: null, channel: "C0123456789", ts: "1732265400.000200" } },
  mapping: {},
});
