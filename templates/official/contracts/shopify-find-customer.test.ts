// Shopify GraphQL Admin API (POST https://{shop}.myshopify.com/admin/api/{version}/graphql.json):
// token in the X-Shopify-Access-Token header, {query, variables} JSON body; 200 with
// {data: {customers: {nodes: [...]}}}.
import { contractSuite } from "../contract-harness.ts";

const TOKEN = "shpat_0123456789abcdef0123456789abcdef";

contractSuite({
  slug: "shopify-find-customer",
  input: { shop: "acme-store", email: "ada@example.com" },
  credentials: { shopify_access_token: TOKEN },
  exchanges: [
    {
      expect: {
        method: "POST",
        url: "https://acme-store.myshopify.com/admin/api/2026-01/graphql.json",
        auth: { header: { name: "X-Shopify-Access-Token", value: TOKEN } },
        body: {
          json: {
            query:
              "query FindCustomer($query: String!) { customers(first: 1, query: $query) { nodes { id firstName lastName defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } numberOfOrders amountSpent { amount currencyCode } } } }",
            variables: { query: "email:ada@example.com" },
          },
        },
      },
      respond: {
        status: 200,
        json: {
          data: {
            customers: {
              nodes: [
                {
                  id: "gid://shopify/Customer/105906728",
                  firstName: "Ada",
                  lastName: "Lovelace",
                  defaultEmailAddress: { emailAddress: "ada@example.com" },
                  defaultPhoneNumber: { phoneNumber: "+16134504532" },
                  numberOfOrders: "3",
                  amountSpent: { amount: "129.5", currencyCode: "USD" },
                },
              ],
            },
          },
          extensions: {
            cost: {
              requestedQueryCost: 3,
              actualQueryCost: 3,
              throttleStatus: {
                maximumAvailable: 2000,
                currentlyAvailable: 1997,
                restoreRate: 100,
              },
            },
          },
        },
      },
    },
  ],
  output: {
    customer: {
      customerId: "gid://shopify/Customer/105906728",
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      phone: "+16134504532",
      numberOfOrders: "3",
      amountSpent: "129.5",
      currency: "USD",
      error: null,
    },
  },
  mapping: {
    first_name: "Ada",
    last_name: "Lovelace",
    phone: "+16134504532",
    "custom_fields.shopify_customer_id": "gid://shopify/Customer/105906728",
    "custom_fields.shopify_orders_count": "3",
    "custom_fields.shopify_amount_spent": "129.5",
  },
});
