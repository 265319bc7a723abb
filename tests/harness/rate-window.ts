// The rate limits count in fixed one-minute windows aligned to the clock. A test that counts a
// budget down waits out the last seconds of a window first, so no reset lands in its middle.
const WINDOW_MS = 60_000;
const MARGIN_MS = 12_000;

export async function awayFromWindowEdge(): Promise<void> {
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < MARGIN_MS) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
