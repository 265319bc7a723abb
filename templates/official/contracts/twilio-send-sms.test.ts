// Twilio create Message (POST /2010-04-01/Accounts/{AccountSid}/Messages.json): HTTP Basic auth
// with the Account SID and Auth Token, form-encoded To/From/Body; 201 with the Message resource.
import { contractSuite } from "../contract-harness.ts";

const SID = "AC0123456789abcdef0123456789abcdef";
const AUTH_TOKEN = "f0e1d2c3b4a5968778695a4b3c2d1e0f";

contractSuite({
  slug: "twilio-send-sms",
  input: {
    accountSid: SID,
    to: "+15558675310",
    from: "+15017122661",
    body: "Your demo is booked for Tuesday 10:00 & we'll call you.",
  },
  credentials: { twilio_auth_token: AUTH_TOKEN },
  exchanges: [
    {
      expect: {
        method: "POST",
        url: `https://api.twilio.com/2010-04-01/Accounts/${SID}/Messages.json`,
        auth: { basic: { username: SID, password: AUTH_TOKEN } },
        body: {
          form: {
            To: "+15558675310",
            From: "+15017122661",
            Body: "Your demo is booked for Tuesday 10:00 & we'll call you.",
          },
        },
      },
      respond: {
        status: 201,
        json: {
          account_sid: SID,
          api_version: "2010-04-01",
          body: "Your demo is booked for Tuesday 10:00 & we'll call you.",
          date_created: "Sun, 22 Nov 2026 09:00:00 +0000",
          date_sent: null,
          date_updated: "Sun, 22 Nov 2026 09:00:00 +0000",
          direction: "outbound-api",
          error_code: null,
          error_message: null,
          from: "+15017122661",
          messaging_service_sid: null,
          num_media: "0",
          num_segments: "1",
          price: null,
          price_unit: "USD",
          sid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
          status: "queued",
          to: "+15558675310",
          uri: `/2010-04-01/Accounts/${SID}/Messages/SM1f0e8ae6ade43cb3c0ce4525424e404f.json`,
        },
      },
    },
  ],
  output: {
    message: {
      messageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
      messageStatus: "queued",
      errorCode: null,
    },
  },
  mapping: {},
});
