// A signed delivery to POST /v1/hooks/:hookId (README "Webhooks"). No user is present: the hook
// is read, the execution inserted and the delivery recorded as service_role. The signature is
// checked before the body is parsed; every way of failing it answers the same 401, and an unknown
// hook costs the same HMAC work as a known one.
import { validateInput } from "../../engine/input-schema.ts";
import { isPlainObject, type JsonValue, parseJsonBounded } from "../../engine/json.ts";
import { compileJsonPath, evaluateJsonPath } from "../../engine/jsonpath.ts";
import { MAX_INPUT_DEPTH } from "../../engine/limits.ts";
import { loadContact, loadRunnableConnector } from "../../execution/prepare.ts";
import { insertSystemExecution, recordDispatch } from "../../execution/queue.ts";
import type { Tx } from "../db/client.ts";
import {
  findDeliveryExecution,
  type HookForDelivery,
  loadHookForDelivery,
  recordDelivery,
} from "../db/webhooks.ts";
import { ApiError, Conflict, Invalid } from "../lib/errors.ts";
import { isUuid } from "../lib/ids.ts";
import { getKeyring } from "../lib/keyring.ts";
import { describeError, log } from "../lib/log.ts";
import type { Variables } from "../types.ts";
import { dispatch } from "./dispatch.ts";
import {
  decoyHmacKey,
  hmacKey,
  openWebhookSecret,
  parseSignatureHeader,
  verifySignature,
} from "./webhooks-signature.ts";

/** Deliveries each hook accepts per minute (charged only once a signature verifies). */
export const HOOK_DELIVERIES_PER_MINUTE = 600;

export type DeliveryScope = Pick<Variables, "db" | "config" | "rateLimits">;

export interface Delivery {
  hookId: string;
  signature: string | undefined;
  body: Uint8Array<ArrayBuffer>;
  runner: { connectionString: string; waitUntil: (promise: Promise<unknown>) => void };
}

/** The one answer for every delivery that is not proven to come from the hook's secret holder. */
function refused(): ApiError {
  return new ApiError("unauthorized", "The delivery's signature is missing, invalid or expired.");
}

/** The hook's valid secrets as HMAC keys: the current one, and the previous during its hour. */
async function signingKeys(scope: DeliveryScope, hook: HookForDelivery): Promise<CryptoKey[]> {
  const keyring = getKeyring(scope.config);
  const sealed = [{ ciphertext: hook.secretCiphertext, keyVersion: hook.secretKeyVersion }];
  if (hook.previousValid && hook.previousSecretCiphertext && hook.previousKeyVersion) {
    sealed.push({ ciphertext: hook.previousSecretCiphertext, keyVersion: hook.previousKeyVersion });
  }
  const keys: CryptoKey[] = [];
  for (const secret of sealed) {
    try {
      keys.push(await hmacKey(await openWebhookSecret(keyring, hook.workspaceId, hook.id, secret)));
    } catch (error) {
      // A row edited at the database (or a retired key) verifies nothing; the reason is logged.
      log("warn", "webhook secret unusable", { hookId: hook.id, error: describeError(error) });
    }
  }
  return padded(keys);
}

/** Always two keys, so a hook in its rotation hour costs what any other hook, known or not, does. */
async function padded(keys: CryptoKey[]): Promise<CryptoKey[]> {
  const decoy = await decoyHmacKey();
  return [...keys, decoy, decoy].slice(0, 2);
}

/** Hex SHA-256 of the raw body: a delivery's identity, whichever secret signed it. */
async function bodyDigest(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The verified hook and the `v1` entry that proved it; throws the uniform 401 otherwise. */
async function authenticateDelivery(scope: DeliveryScope, delivery: Delivery) {
  const parsed = parseSignatureHeader(delivery.signature);
  if (!parsed) throw refused();
  const hook = isUuid(delivery.hookId)
    ? await scope.db.asService((tx) => loadHookForDelivery(tx, delivery.hookId.toLowerCase()))
    : null;
  const keys = hook ? await signingKeys(scope, hook) : await padded([]);
  const now = Math.floor(Date.now() / 1000);
  const signature = await verifySignature(parsed, delivery.body, keys, now);
  if (!hook || !signature) throw refused();
  // The body, not the v1 that matched: a delivery signed with both secrets during a rotation
  // hour, resent with only one of them, is still the same delivery.
  return { hook, key: `webhook:${hook.id}:${parsed.t}:${await bodyDigest(delivery.body)}` };
}

/** The body as the execution's input: a JSON object, nested at most as deep as any input. */
function parseBody(body: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new Invalid("The body is not UTF-8 JSON.", [{ path: "body", message: "not UTF-8" }]);
  }
  const parsed = parseJsonBounded(text, MAX_INPUT_DEPTH);
  if (!parsed.ok) {
    const message =
      parsed.reason === "depth" ? `nests deeper than ${MAX_INPUT_DEPTH} levels` : "is not JSON";
    throw new Invalid("The body is not acceptable.", [{ path: "body", message }]);
  }
  if (!isPlainObject(parsed.value)) {
    throw new Invalid("The body must be a JSON object.", [
      { path: "body", message: "must be a JSON object" },
    ]);
  }
  return parsed.value;
}

/** The contact `contactIdPath` names in the body, if it is one of the workspace's; else null. */
async function contactFor(
  tx: Tx,
  hook: HookForDelivery,
  input: Record<string, unknown>,
): Promise<string | null> {
  if (!hook.contactIdPath) return null;
  const compiled = compileJsonPath(hook.contactIdPath);
  if (!compiled.ok) return null;
  let found: JsonValue;
  try {
    found = evaluateJsonPath(compiled.path, input as JsonValue);
  } catch {
    return null;
  }
  const first = Array.isArray(found) && !compiled.path.singular ? found[0] : found;
  if (typeof first !== "string" || !isUuid(first)) return null;
  const contact = await loadContact(tx, hook.workspaceId, first.toLowerCase());
  return contact ? first.toLowerCase() : null;
}

/** Inserts the delivery's execution, or finds the one the same delivery started before. */
async function admitDelivery(
  tx: Tx,
  hook: HookForDelivery,
  key: string,
  input: Record<string, unknown>,
): Promise<{ id: string; created: boolean }> {
  const earlier = await findDeliveryExecution(tx, hook.workspaceId, key);
  if (earlier) return { id: earlier, created: false };
  const connector = await loadRunnableConnector(tx, hook.workspaceId, hook.connectorId);
  if (!connector) throw refused();
  if (connector.status !== "active") {
    throw new Conflict("The connector is disabled; enable it to accept deliveries.");
  }
  const checked = validateInput(connector.definition.input as JsonValue | undefined, input);
  if (!checked.ok) {
    throw new Invalid("The body does not match the connector's input schema.", checked.errors);
  }
  const contactId = await contactFor(tx, hook, input);
  const started = await insertSystemExecution(tx, {
    workspaceId: hook.workspaceId,
    connectorId: hook.connectorId,
    input,
    contactId,
    idempotencyKey: key,
    trigger: "webhook",
  });
  if (!started) throw new Error("the delivery's execution was neither inserted nor found");
  await recordDelivery(tx, hook.id);
  return started;
}

/**
 * Verifies, rate-limits, then commits the execution and dispatches it (as a start through the
 * API does). The same signed delivery again answers the first execution and starts nothing.
 */
export async function deliverWebhook(
  scope: DeliveryScope,
  delivery: Delivery,
): Promise<{ executionId: string; replayed: boolean }> {
  const { hook, key } = await authenticateDelivery(scope, delivery);
  const decision = await scope.rateLimits.hit(
    `hook:${hook.id}`,
    HOOK_DELIVERIES_PER_MINUTE,
    60_000,
  );
  if (!decision.allowed) {
    throw new ApiError("rate_limited", "Too many deliveries for this webhook; slow down.", {
      headers: { "Retry-After": String(decision.retryAfterSeconds) },
      details: { scope: "hook", limit: HOOK_DELIVERIES_PER_MINUTE, windowSeconds: 60 },
    });
  }
  const input = parseBody(delivery.body);
  const started = await scope.db.asService((tx) => admitDelivery(tx, hook, key, input));
  if (started.created) {
    const { config } = scope;
    const result = await dispatch(
      {
        executionId: started.id,
        workspaceId: hook.workspaceId,
        connectorId: hook.connectorId,
        trigger: "webhook",
        idempotencyKey: started.id,
      },
      { config, ...delivery.runner },
    );
    if (result.ok && config.runner === "trigger") {
      await scope.db
        .asService((tx) => recordDispatch(tx, started.id, result.runId))
        .catch(() => {});
    }
  }
  return { executionId: started.id, replayed: !started.created };
}
