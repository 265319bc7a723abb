import { exampleDefinition } from "../../engine/examples.ts";

// Fixed ids of the dev seed, so printed curl lines and docs stay valid across restarts.
export const DEMO_WORKSPACE_ID = "11111111-1111-4111-8111-111111111111";

export const DEMO_USERS = {
  owner: { id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", email: "owner@demo.test", role: "owner" },
  member: {
    id: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
    email: "member@demo.test",
    role: "member",
  },
  admin: {
    id: "cccccccc-cccc-4ccc-8ccc-cccccccccccc",
    email: "admin@demo.test",
    role: null,
  },
} as const;

export type DemoUserName = keyof typeof DEMO_USERS;

export const DEMO_CONTACTS = [
  {
    id: "c0000000-0000-4000-8000-000000000001",
    email: "ada@lovelace.test",
    first_name: "Ada",
    last_name: "Lovelace",
    phone: "+44 20 7946 0001",
  },
  {
    id: "c0000000-0000-4000-8000-000000000002",
    email: "grace@hopper.test",
    first_name: "Grace",
    last_name: "Hopper",
    phone: "+1 202 555 0102",
  },
  {
    id: "c0000000-0000-4000-8000-000000000003",
    email: "alan@turing.test",
    first_name: "Alan",
    last_name: "Turing",
    phone: null,
  },
] as const;

export const DEMO_CONNECTOR_ID = "d0000000-0000-4000-8000-000000000001";
export const DEMO_CREDENTIAL_NAME = "example_token";
/** The paginated demo connector: every person of the demo target, page by page (README). */
export const DEMO_PAGINATED_CONNECTOR_ID = "d0000000-0000-4000-8000-000000000002";
/** The demo connector's example schedule: nightly at 2 in Berlin for Ada; off until enabled. */
export const DEMO_SCHEDULE = {
  cron: "0 2 * * *",
  timezone: "Europe/Berlin",
  input: { email: "ada@lovelace.test" },
  contactId: "c0000000-0000-4000-8000-000000000001",
  enabled: false,
} as const;
/** The demo marketplace template (community, featured, approved): browse → install → dry run. */
export const DEMO_TEMPLATE_ID = "e0000000-0000-4000-8000-000000000001";

/** The demo connector's inbound webhook; deliveries name their contact at `$.contactId`. */
export const DEMO_WEBHOOK_ID = "f0000000-0000-4000-8000-000000000001";
/** DEV ONLY, published here: the demo webhook's signing secret, so printed lines stay valid. */
export const DEV_WEBHOOK_SECRET = "whsec_dev-only-demo-webhook-secret-0000000000";

/** The README's example connector pointed at `host` (the demo target by default). */
export function specExample(host = "127.0.0.1:8788", credential = "example_token") {
  return exampleDefinition({ origin: `http://${host}`, credential, authenticateEveryStep: true });
}
