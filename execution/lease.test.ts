import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { everyTick } from "./lease.ts";

describe("everyTick (the heartbeat's and the cancel poll's clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs one tick at a time while ticks answer", async () => {
    let calls = 0;
    const timer = everyTick(1_000, async () => {
      calls += 1;
    });
    await vi.advanceTimersByTimeAsync(5_000);
    clearInterval(timer);
    expect(calls).toBe(5);
  });

  it("skips a tick while the previous one is pending, but a hung one holds back no more than two intervals", async () => {
    let calls = 0;
    // Every tick hangs, as a renewal on a silent connection would.
    const timer = everyTick(1_000, () => {
      calls += 1;
      return new Promise<void>(() => {});
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(1);
    // Two intervals after the hung tick began, the next one goes ahead on its own.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(6_000);
    clearInterval(timer);
    // a new tick every two intervals: at 5, 7 and 9 s
    expect(calls).toBe(5);
  });
});
