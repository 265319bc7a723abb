// Stripe create customer (POST /v1/customers, form-encoded): secret key as a bearer token, the
// step's key as Idempotency-Key; 200 with the customer object.
import { contractSuite } from "../contract-harness.ts";
import { stripeCustomer } from "./stripe-customer.ts";

const KEY = "rk_test_51ABCDEFghijklmnopqrstuvwxyz0123456789";
const EXECUTION_ID = "0b7f3c1e-5d2a-4e8b-9f6c-1a2b3c4d5e6f";

contractSuite({
  slug: "stripe-create-customer",
  input: { email: "jenny.rosen+vip@example.com", name: "Jenny Rosen" },
  credentials: { stripe_secret_key: KEY },
  executionId: EXECUTION_ID,
  exchanges: [
    {
      expect: {
        method: "POST",
        url: "https://api.stripe.com/v1/customers",
        auth: { bearer: KEY },
        headers: { "Idempotency-Key": `${EXECUTION_ID}:customer` },
        body: { form: { email: "jenny.rosen+vip@example.com", name: "Jenny Rosen" } },
      },
      respond: {
        status: 200,
        headers: { "Idempotency-Key": `${EXECUTION_ID}:customer` },
        json: stripeCustomer({
          invoice_settings: {
            custom_fields: null,
            default_payment_method: null,
            footer: null,
            rendering_options: null,
          },
        }),
      },
    },
  ],
  output: {
    customer: {
      customerId: "cus_NffrFeUfNV2Hib",
      email: "jenny.rosen+vip@example.com",
      created: 1680893993,
    },
  },
  mapping: { "custom_fields.stripe_customer_id": "cus_NffrFeUfNV2Hib" },
});
