// Signs a webhook delivery as a sender does (README "Webhooks"): `t=<unix seconds>,v1=<hex>`,
// v1 = HMAC-SHA256 keyed with the secret's text over `<t>.<raw body>`. Node's crypto, on purpose
// not the worker's verifier, so tests check one implementation against another.
import { createHmac } from "node:crypto";

export function signatureFor(secret: string, t: number | string, body: string | Uint8Array) {
  return createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
}

export function signDelivery(
  secret: string,
  body: string | Uint8Array,
  t: number = Math.floor(Date.now() / 1000),
): string {
  return `t=${t},v1=${signatureFor(secret, t, body)}`;
}
