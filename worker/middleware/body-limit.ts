import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../lib/errors.ts";

export const MAX_BODY_BYTES = 256 * 1024;

/** Request bodies over 256 KiB are refused before they are parsed, declared length or not. */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError("payload_too_large", "Request bodies are limited to 256 KiB.");
  },
});
