import { type Keyring, parseKeyring } from "../../engine/crypto.ts";
import type { Config } from "../env.ts";
import { ApiError } from "./errors.ts";
import { log } from "./log.ts";

const keyrings = new Map<string, Keyring>();

/** The credentials keyring (keys imported once per isolate). Missing keys fail closed. */
export function getKeyring(config: Config): Keyring {
  const spec = config.credentialsKeys ?? "";
  let keyring = keyrings.get(spec);
  if (!keyring) {
    try {
      keyring = parseKeyring(spec);
    } catch (error) {
      log("error", "credentials keyring unusable", {
        error: error instanceof Error ? error.message : "invalid",
      });
      throw new ApiError("internal_error", "Credential storage is not configured on this server.");
    }
    if (keyrings.size > 4) keyrings.clear();
    keyrings.set(spec, keyring);
  }
  return keyring;
}
