// SendGrid v3 Mail Send (POST https://api.sendgrid.com/v3/mail/send): API key as a bearer token,
// {personalizations: [{to}], from, subject, content: [{type, value}]}; 202 Accepted, empty body.
import { contractSuite } from "../contract-harness.ts";

const KEY = "SG.fake-key-id.fake-key-secret-for-contract-tests";

contractSuite({
  slug: "sendgrid-send-email",
  input: {
    to: "ada@example.com",
    from: "hello@yourcompany.example",
    subject: "Welcome aboard",
    text: "Hi Ada,\nthanks for signing up.",
  },
  credentials: { sendgrid_api_key: KEY },
  exchanges: [
    {
      expect: {
        method: "POST",
        url: "https://api.sendgrid.com/v3/mail/send",
        auth: { bearer: KEY },
        body: {
          json: {
            personalizations: [{ to: [{ email: "ada@example.com" }] }],
            from: { email: "hello@yourcompany.example" },
            subject: "Welcome aboard",
            content: [{ type: "text/plain", value: "Hi Ada,\nthanks for signing up." }],
          },
        },
      },
      respond: { status: 202, headers: { "x-message-id": "W9vh2Rk3SUeyJDx3K1bZwA" } },
    },
  ],
  output: { send: {} },
  mapping: {},
});
