// A Stripe customer object as the Customers API documents it, shared by the Stripe contracts.
import type { JsonValue } from "../../../engine/json.ts";

export function stripeCustomer(fields: Record<string, JsonValue>): Record<string, JsonValue> {
  return {
    id: "cus_NffrFeUfNV2Hib",
    object: "customer",
    address: null,
    balance: 0,
    created: 1680893993,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: "jenny.rosen+vip@example.com",
    invoice_prefix: "0759376C",
    livemode: false,
    metadata: {},
    name: "Jenny Rosen",
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
    ...fields,
  };
}
