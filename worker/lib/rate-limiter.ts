import { DurableObject } from "cloudflare:workers";
import { FixedWindowCounter, type RateDecision } from "./rate-window.ts";

/**
 * One Durable Object per rate-limit key (`user:<id>`, `workspace:<id>`): a single writer, so
 * the count is exact across every isolate and colo. Limits are passed in by the caller, which
 * reads them from configuration, so they differ per environment without a redeploy of this class.
 */
export class RateLimiter extends DurableObject {
  private readonly counter = new FixedWindowCounter();

  hit(limit: number, windowMs: number): RateDecision {
    return this.counter.hit("key", limit, windowMs, Date.now());
  }
}
