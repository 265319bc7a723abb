// Loopback HTTP load from Node's fetch (undici, keep-alive): a closed loop to find a route's
// maximum throughput and an open loop at a fixed rate for latency. Both stop by count and time.

/** A URL and, per request, its headers (e.g. a different user's token each time). */
export type Target = { url: string; headers: () => Record<string, string> };

async function once(target: Target): Promise<number> {
  const res = await fetch(target.url, { headers: target.headers() });
  await res.arrayBuffer();
  return res.status;
}

/** `concurrency` clients back to back for `durationMs`: requests per second, and failures. */
export async function closedLoop(
  target: Target,
  concurrency: number,
  durationMs: number,
): Promise<{ rps: number; requests: number; failures: number }> {
  const started = performance.now();
  const end = started + durationMs;
  let requests = 0;
  let failures = 0;
  const client = async () => {
    while (performance.now() < end && requests < 1_000_000) {
      const status = await once(target).catch(() => 0);
      requests += 1;
      if (status !== 200) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { rps: (requests * 1000) / (performance.now() - started), requests, failures };
}

export type FixedRateResult = {
  /** Milliseconds from each request's scheduled start (no coordinated omission) to its end. */
  latencies: number[];
  sent: number;
  failures: number;
  /** Requests not sent because `maxInFlight` were already waiting. */
  skipped: number;
};

/** Sends `rate` requests per second for `durationMs` (open loop), at most `maxInFlight` at once. */
export async function fixedRate(
  target: Target,
  rate: number,
  durationMs: number,
  maxInFlight = 256,
): Promise<FixedRateResult> {
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let failures = 0;
  let skipped = 0;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (pending.size >= maxInFlight) {
      skipped += 1;
      continue;
    }
    const request: Promise<void> = once(target)
      .then((status) => {
        if (status !== 200) failures += 1;
      })
      .catch(() => {
        failures += 1;
      })
      .finally(() => {
        latencies.push(performance.now() - due);
        pending.delete(request);
      });
    pending.add(request);
  }
  const deadline = new Promise((resolve) => setTimeout(resolve, 30_000).unref());
  await Promise.race([Promise.all(pending), deadline]);
  return { latencies, sent: total - skipped, failures, skipped };
}
