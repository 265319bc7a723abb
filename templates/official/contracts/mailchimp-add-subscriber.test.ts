// Mailchimp Marketing API add member (POST https://{dc}.api.mailchimp.com/3.0/lists/{list_id}/members):
// HTTP Basic auth with any username and the API key, {email_address, status, merge_fields};
// 200 with the list member.
import { contractSuite } from "../contract-harness.ts";

const KEY = "0123456789abcdef0123456789abcdef-us21";

contractSuite({
  slug: "mailchimp-add-subscriber",
  input: {
    dc: "us21",
    listId: "a1b2c3d4e5",
    email: "ada@example.com",
    status: "pending",
    firstName: "Ada",
    lastName: "Lovelace",
  },
  credentials: { mailchimp_api_key: KEY },
  exchanges: [
    {
      expect: {
        method: "POST",
        url: "https://us21.api.mailchimp.com/3.0/lists/a1b2c3d4e5/members",
        auth: { basic: { username: "anystring", password: KEY } },
        body: {
          json: {
            email_address: "ada@example.com",
            status: "pending",
            merge_fields: { FNAME: "Ada", LNAME: "Lovelace" },
          },
        },
      },
      respond: {
        status: 200,
        json: {
          id: "8ce8c2f7a5c9e5ff9d5a9a4b0d2b6e1c",
          email_address: "ada@example.com",
          unique_email_id: "c579b1a349",
          contact_id: "66b63b57e57bd5ef8354729f9ecfc249",
          full_name: "Ada Lovelace",
          web_id: 123456789,
          email_type: "html",
          status: "pending",
          merge_fields: { FNAME: "Ada", LNAME: "Lovelace" },
          list_id: "a1b2c3d4e5",
          tags_count: 0,
          tags: [],
        },
      },
    },
  ],
  output: {
    member: {
      memberId: "8ce8c2f7a5c9e5ff9d5a9a4b0d2b6e1c",
      contactId: "66b63b57e57bd5ef8354729f9ecfc249",
      memberStatus: "pending",
      uniqueEmailId: "c579b1a349",
    },
  },
  mapping: { "custom_fields.mailchimp_member_id": "8ce8c2f7a5c9e5ff9d5a9a4b0d2b6e1c" },
});
