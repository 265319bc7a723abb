import type { RateLimiter } from "./rate-limiter.ts";
import type { RateDecision, RateLimitStore } from "./rate-window.ts";

/** Asks the Durable Object that owns `key`. */
export class DurableObjectRateLimitStore implements RateLimitStore {
  private readonly namespace: DurableObjectNamespace<RateLimiter>;

  constructor(namespace: DurableObjectNamespace<RateLimiter>) {
    this.namespace = namespace;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const stub = this.namespace.get(this.namespace.idFromName(key));
    return await stub.hit(limit, windowMs);
  }
}
