// What `npm run dev` prints about the demo webhook: its URL and dev secret, the `npm run webhook`
// line, and a curl line signed at print time (valid for 300 s).
import { DEMO_CONTACTS, DEMO_WEBHOOK_ID, DEV_WEBHOOK_SECRET } from "./demo-data.ts";
import { signDelivery } from "./webhook-signature.ts";

export function demoWebhookLines(apiUrl: string): string {
  const url = `${apiUrl}/v1/hooks/${DEMO_WEBHOOK_ID}`;
  const body = JSON.stringify({
    email: "ada@lovelace.test",
    score: 42,
    contactId: DEMO_CONTACTS[0].id,
  });
  return `Demo webhook (dev-only secret; contactIdPath $.contactId):
  URL     ${url}
  Secret  ${DEV_WEBHOOK_SECRET}
  # signs with the current time and sends; run it twice with the same t and nothing new starts
  npm run webhook -- ${url} ${DEV_WEBHOOK_SECRET} '${body}'
  # signed at start-up: valid for 300 s (then 401); npm run webhook signs afresh
  curl -s -X POST ${url} -H 'content-type: application/json' \\
    -H 'Connectors-Signature: ${signDelivery(DEV_WEBHOOK_SECRET, body)}' \\
    --data-raw '${body}'`;
}
