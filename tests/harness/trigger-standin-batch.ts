// The stand-in's batch endpoints, as the SDK's `tasks.batchTrigger` (4.x) calls them: phase 1
// `POST /api/v3/batches` `{runCount, …}` → `{id, runCount, isCached}`; phase 2
// `POST /api/v3/batches/:id/items` with one NDJSON line per item `{index, task, payload,
// options}` → `{id, itemsAccepted, itemsDeduplicated, sealed}`. Each item is accepted like a
// single trigger (same idempotency keys, so a later single trigger under an item's key is
// answered with the batch's run). `refuse(runCount)` answers 503 to every create call of a
// batch of that size: that chunk's items get no run.

export type Unpacked = { payload: unknown; executionId: string } | { error: string };

/** The SDK sends a payload as a serialized packet: JSON, or superjson's {json, meta}. */
export function unpackPayload(packet: unknown, options: Record<string, unknown>): Unpacked {
  let payload: unknown = packet;
  try {
    if (typeof packet === "string") payload = JSON.parse(packet);
    if (options.payloadType === "application/super+json") {
      payload = (payload as { json?: unknown } | null)?.json;
    } else if (options.payloadType !== "application/json") {
      return { error: `unexpected payloadType ${String(options.payloadType)}` };
    }
  } catch {
    return { error: "Invalid payload packet" };
  }
  const executionId = (payload as { executionId?: unknown } | null)?.executionId;
  if (typeof executionId !== "string") return { error: "payload.executionId missing" };
  return { payload, executionId };
}

export interface BatchCall {
  batchId: string;
  runCount: number;
  /** Items received in phase 2 (0 until then). */
  items: number;
  refused: boolean;
}

type Accept = (
  taskId: string,
  payload: unknown,
  executionId: string,
  options: Record<string, unknown>,
) => { runId: string; existing: boolean };

export function batchEndpoints(accept: Accept) {
  const calls: BatchCall[] = [];
  const refused = new Set<number>();
  const handle = (
    method: string,
    path: string,
    chunks: Buffer[],
  ): { status: number; body: unknown } | null => {
    if (method !== "POST") return null;
    const text = Buffer.concat(chunks).toString("utf8");
    if (path === "/api/v3/batches") {
      const body = JSON.parse(text) as { runCount?: number };
      const runCount = Number(body.runCount);
      const batchId = `batch_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
      const isRefused = refused.has(runCount);
      calls.push({ batchId, runCount, items: 0, refused: isRefused });
      if (isRefused) return { status: 503, body: { error: "Internal" } };
      return { status: 200, body: { id: batchId, runCount, isCached: false } };
    }
    const items = /^\/api\/v3\/batches\/([^/]+)\/items$/.exec(path);
    if (!items) return null;
    const call = calls.find((c) => c.batchId === items[1]);
    if (!call) return { status: 404, body: { error: "Batch not found" } };
    let accepted = 0;
    let deduplicated = 0;
    for (const line of text.split("\n").filter((l: string) => l.trim() !== "")) {
      const item = JSON.parse(line) as {
        task: string;
        payload: unknown;
        options?: Record<string, unknown>;
      };
      const options = item.options ?? {};
      const unpacked = unpackPayload(item.payload, options);
      if ("error" in unpacked) return { status: 400, body: { error: unpacked.error } };
      if (typeof options.idempotencyKey !== "string") {
        return { status: 400, body: { error: "this project always sends an idempotency key" } };
      }
      const { existing } = accept(item.task, unpacked.payload, unpacked.executionId, options);
      if (existing) deduplicated += 1;
      else accepted += 1;
    }
    call.items += accepted + deduplicated;
    return {
      status: 200,
      body: {
        id: call.batchId,
        itemsAccepted: accepted,
        itemsDeduplicated: deduplicated,
        sealed: true,
      },
    };
  };
  return {
    calls,
    handle,
    refuse: (runCount: number | null) => {
      refused.clear();
      if (runCount !== null) refused.add(runCount);
    },
  };
}
