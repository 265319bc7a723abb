// Stripe list customers (GET /v1/customers?email=&limit=): secret key as a bearer token; 200 with
// {object: "list", url, has_more, data: [customer]}.
import { contractSuite } from "../contract-harness.ts";
import { stripeCustomer } from "./stripe-customer.ts";

const KEY = "rk_test_51ABCDEFghijklmnopqrstuvwxyz0123456789";

contractSuite({
  slug: "stripe-find-customer",
  input: { email: "jenny.rosen+vip@example.com" },
  credentials: { stripe_secret_key: KEY },
  exchanges: [
    {
      expect: {
        method: "GET",
        url: "https://api.stripe.com/v1/customers?email=jenny.rosen%2Bvip%40example.com&limit=1",
        auth: { bearer: KEY },
      },
      respond: {
        status: 200,
        json: {
          object: "list",
          url: "/v1/customers",
          has_more: false,
          data: [stripeCustomer({ phone: "+15555550123" })],
        },
      },
    },
  ],
  output: {
    customer: {
      customerId: "cus_NffrFeUfNV2Hib",
      name: "Jenny Rosen",
      email: "jenny.rosen+vip@example.com",
      phone: "+15555550123",
      created: 1680893993,
      delinquent: false,
    },
  },
  mapping: { phone: "+15555550123", "custom_fields.stripe_customer_id": "cus_NffrFeUfNV2Hib" },
});
