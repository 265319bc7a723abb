export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Whole seconds until the window resets (≥ 1 when refused). */
  retryAfterSeconds: number;
}

/** Fixed-window counters keyed by name. Used inside the Durable Object and by the Node host. */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  hit(key: string, limit: number, windowMs: number, now: number): RateDecision {
    const start = now - (now % windowMs);
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.evict(start);
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    if (window.count >= limit) return { allowed: false, remaining: 0, retryAfterSeconds };
    window.count += 1;
    return { allowed: true, remaining: limit - window.count, retryAfterSeconds };
  }

  private evict(currentStart: number): void {
    for (const [key, window] of this.windows) {
      if (window.start !== currentStart) this.windows.delete(key);
    }
  }
}

/** Where the API asks "may this key make one more request?". */
export interface RateLimitStore {
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
}

/** In-process store: a single Node host or a test. Production uses the Durable Object store. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counter = new FixedWindowCounter();

  hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    return Promise.resolve(this.counter.hit(key, limit, windowMs, Date.now()));
  }
}
