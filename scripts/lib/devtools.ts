// A small Chrome DevTools Protocol client for `wrangler dev --inspector-port N` (workerd's V8
// isolate, behind wrangler's inspector proxy): forced collection, heap usage and heap snapshots
// aggregated by constructor, for `npm run soak -- --heap`. Node 22's global WebSocket, no library.

interface Target {
  id: string;
  title?: string;
  url?: string;
  webSocketDebuggerUrl?: string;
}

export interface DevtoolsSession {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  on(method: string, listener: (params: Record<string, unknown>) => void): () => void;
  close(): void;
}

/** The targets wrangler's inspector lists (`/json`). */
export async function listTargets(port: number): Promise<Target[]> {
  const res = await fetch(`http://127.0.0.1:${port}/json`);
  return (await res.json()) as Target[];
}

/** Connects to the first target with a debugger URL (the user worker). */
export async function connectDevtools(
  port: number,
  timeoutMs = 30_000,
  callTimeoutMs = 60_000,
): Promise<DevtoolsSession> {
  const deadline = Date.now() + timeoutMs;
  let target: Target | undefined;
  while (!target) {
    try {
      target = (await listTargets(port)).find((t) => t.webSocketDebuggerUrl);
    } catch {
      // not up yet
    }
    if (target) break;
    if (Date.now() > deadline) throw new Error(`no devtools target on :${port}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // wrangler's proxy refuses a socket without an allowed Origin (Node's WebSocket sends none).
  const ws = new WebSocket(
    target.webSocketDebuggerUrl as string,
    {
      headers: { origin: "http://127.0.0.1" },
    } as unknown as string[],
  );
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("devtools socket failed")), {
      once: true,
    });
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(params: Record<string, unknown>) => void>>();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number;
      method?: string;
      params?: Record<string, unknown>;
      result?: unknown;
      error?: { message: string };
    };
    if (message.id !== undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result);
    } else if (message.method) {
      for (const listener of listeners.get(message.method) ?? []) listener(message.params ?? {});
    }
  });
  ws.addEventListener("close", () => {
    for (const waiter of pending.values()) waiter.reject(new Error("devtools socket closed"));
    pending.clear();
  });
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        // A call that gets no answer (the proxy not yet attached to the runtime) fails, not hangs.
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method}: no answer within ${callTimeoutMs} ms`));
        }, callTimeoutMs);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    on: (method, listener) => {
      const set = listeners.get(method) ?? new Set();
      set.add(listener);
      listeners.set(method, set);
      return () => set.delete(listener);
    },
    close: () => ws.close(),
  };
}

/** V8 heap used and total (bytes) after a forced full collection. */
export async function heapAfterGc(
  session: DevtoolsSession,
): Promise<{ usedSize: number; totalSize: number }> {
  await session.send("HeapProfiler.collectGarbage");
  return session.send<{ usedSize: number; totalSize: number }>("Runtime.getHeapUsage");
}

export interface HeapAggregate {
  /** Total self size of every node, bytes. */
  total: number;
  nodes: number;
  /** Per "type:name" (constructor name for objects): count and self size. */
  byName: Map<string, { count: number; size: number }>;
}

/** Takes a heap snapshot (which collects first) and sums its nodes' self sizes by type and name. */
export async function heapSnapshotAggregate(session: DevtoolsSession): Promise<HeapAggregate> {
  await session.send("HeapProfiler.enable");
  const chunks: string[] = [];
  const off = session.on("HeapProfiler.addHeapSnapshotChunk", (params) => {
    chunks.push(String(params.chunk));
  });
  try {
    await session.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  } finally {
    off();
  }
  const snapshot = JSON.parse(chunks.join("")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const byName = new Map<string, { count: number; size: number }>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt] ?? 0] ?? "?";
    const rawName = snapshot.strings[snapshot.nodes[i + nameAt] ?? 0] ?? "";
    // Strings and code are named by their content: group them by type alone.
    const name =
      type === "object" || type === "closure" || type === "native"
        ? `${type}:${rawName.slice(0, 60)}`
        : type;
    const size = snapshot.nodes[i + sizeAt] ?? 0;
    total += size;
    const entry = byName.get(name) ?? { count: 0, size: 0 };
    entry.count += 1;
    entry.size += size;
    byName.set(name, entry);
  }
  return { total, nodes: snapshot.nodes.length / width, byName };
}

/** The names that grew most (by self size) from `a` to `b`, as printable lines. */
export function heapGrowth(a: HeapAggregate, b: HeapAggregate, top = 15): string[] {
  const rows = [...b.byName.entries()].map(([name, now]) => {
    const before = a.byName.get(name) ?? { count: 0, size: 0 };
    return { name, dCount: now.count - before.count, dSize: now.size - before.size, now };
  });
  rows.sort((x, y) => y.dSize - x.dSize);
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  return rows
    .slice(0, top)
    .map(
      (r) =>
        `${r.name.padEnd(48)} ${String(r.dCount).padStart(8)} objects ${kib(r.dSize).padStart(14)}  (now ${r.now.count}, ${kib(r.now.size)})`,
    );
}
