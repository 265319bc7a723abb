// `npm run webhook -- <url> <secret> '<json>'`: signs a delivery as a sender would
// (`Connectors-Signature: t=<now>,v1=<HMAC-SHA256 of "<t>.<body>">`), POSTs it, and prints the
// status and the answer. The body is sent exactly as given.
import { signDelivery } from "./lib/webhook-signature.ts";

const [url, secret, body = "{}"] = process.argv.slice(2);
if (!url || !secret) {
  console.error("usage: npm run webhook -- <hook url> <secret> '<json body>'");
  process.exit(2);
}
try {
  JSON.parse(body);
} catch {
  console.error("warning: the body is not JSON; sending it anyway (expect a 400)");
}
const signature = signDelivery(secret, body);
const res = await fetch(url, {
  method: "POST",
  headers: { "content-type": "application/json", "connectors-signature": signature },
  body,
});
console.log(`Connectors-Signature: ${signature}`);
console.log(`${res.status} ${res.statusText}`);
const retryAfter = res.headers.get("retry-after");
if (retryAfter) console.log(`Retry-After: ${retryAfter}`);
console.log(await res.text());
process.exitCode = res.ok ? 0 : 1;
