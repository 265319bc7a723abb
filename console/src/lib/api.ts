// Every API call goes through the typed `hono/client` built from the worker's own app type, so a
// route or schema change that breaks the console fails `tsc` (npm test's types stage).
import { hc, type ClientResponse } from "hono/client";
import type { AppType } from "../../../worker/app.ts";

export type Client = ReturnType<typeof hc<AppType>>;

/** One problem of a 422/400 answer: `path` names the field (e.g. `definition.steps.0.url`). */
export interface Problem {
  path: string;
  code?: string;
  message: string;
}

/** An API error as the SPEC's envelope carries it; the console shows message and request id. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly details: unknown;
  constructor(
    status: number,
    code: string,
    message: string,
    requestId: string | null,
    details: unknown,
  ) {
    super(message);
    this.name = "ApiFailure";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details;
  }

  /** The field-level problems of a validation failure (empty for other errors). */
  get problems(): Problem[] {
    const list = Array.isArray(this.details)
      ? this.details
      : this.details && typeof this.details === "object" && "problems" in this.details
        ? (this.details as { problems: unknown }).problems
        : [];
    if (!Array.isArray(list)) return [];
    return list.flatMap((item: unknown) => {
      if (!item || typeof item !== "object") return [];
      const entry = item as Record<string, unknown>;
      const message = typeof entry.message === "string" ? entry.message : null;
      if (!message) return [];
      const raw = entry.path;
      const path = Array.isArray(raw) ? raw.join(".") : typeof raw === "string" ? raw : "";
      return [
        {
          path: path.replace(/^\$\.?/, ""),
          code: typeof entry.code === "string" ? entry.code : undefined,
          message,
        },
      ];
    });
  }
}

export function createClient(getToken: () => Promise<string | null>): Client {
  return hc<AppType>(window.location.origin, {
    headers: async (): Promise<Record<string, string>> => {
      const token = await getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
}

async function failure(res: Response): Promise<ApiFailure> {
  const requestId = res.headers.get("x-request-id");
  try {
    const body = (await res.json()) as {
      error?: { code?: string; message?: string; requestId?: string; details?: unknown };
    };
    const error = body.error ?? {};
    return new ApiFailure(
      res.status,
      error.code ?? "error",
      error.message ?? `The API answered ${res.status}.`,
      error.requestId ?? requestId,
      error.details,
    );
  } catch {
    return new ApiFailure(
      res.status,
      "error",
      `The API answered ${res.status}.`,
      requestId,
      undefined,
    );
  }
}

type Success = 200 | 201 | 202;
type OkBody<R> =
  R extends ClientResponse<infer T, infer S, "json"> ? (S extends Success ? T : never) : never;

/** The body of a successful answer, typed from the route; any other status throws ApiFailure. */
export async function ok<R extends ClientResponse<unknown, number, string>>(
  call: Promise<R>,
): Promise<OkBody<R>> {
  let res: R;
  try {
    res = await call;
  } catch {
    throw new ApiFailure(
      0,
      "network",
      "The API could not be reached. Check your connection.",
      null,
      undefined,
    );
  }
  if (!res.ok) throw await failure(res as unknown as Response);
  return (await res.json()) as OkBody<R>;
}

/** For answers without a body (204): resolves when the call succeeded. */
export async function done(call: Promise<ClientResponse<unknown, number, string>>): Promise<void> {
  let res: ClientResponse<unknown, number, string>;
  try {
    res = await call;
  } catch {
    throw new ApiFailure(
      0,
      "network",
      "The API could not be reached. Check your connection.",
      null,
      undefined,
    );
  }
  if (!res.ok) throw await failure(res as unknown as Response);
}
