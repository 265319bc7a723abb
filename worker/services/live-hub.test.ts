import { describe, expect, it } from "vitest";
import { openDatabase } from "../db/client.ts";
import { LiveHub, type Watch } from "./live-hub.ts";

function watch(executionId: string, pollMinMs = 250, pollMaxMs = 10_000): Watch {
  return {
    executionId,
    workspaceId: "w",
    userId: "u",
    pollMinMs,
    pollMaxMs,
    until: 300_000,
    seen: undefined,
  };
}

describe("LiveHub scheduling (no database)", () => {
  it("a first stream makes a read due one poll-floor after it joins", () => {
    const hub = new LiveHub();
    hub.join(watch("a"), 1_000);
    expect(hub.nextPollAt).toBe(1_250);
    expect(hub.due(1_249)).toBe(false);
    expect(hub.due(1_250)).toBe(true);
  });

  it("a newcomer brings a far read forward, never pushes a near one back", () => {
    const hub = new LiveHub();
    hub.join(watch("a"), 0);
    hub.nextPollAt = 10_000;
    hub.join(watch("b"), 5_000);
    expect(hub.nextPollAt).toBe(5_250);
    hub.join(watch("c", 1_000), 5_100);
    expect(hub.nextPollAt).toBe(5_250);
  });

  it("before any read every stream comes at the due time; then only the reader does", async () => {
    const hub = new LiveHub();
    const [a, b] = [watch("a"), watch("b")];
    hub.join(a, 0);
    hub.join(b, 0);
    expect(hub.lookAt(a, 0)).toBe(250);
    expect(hub.lookAt(b, 0)).toBe(250);
    // `a` reads; nothing listens on port 1, so the read fails, and still counts as a's.
    const nowhere = openDatabase("postgres://nobody:nothing@127.0.0.1:1/none", {
      max: 1,
      connectTimeoutSeconds: 1,
    });
    await expect(hub.poll(a, nowhere, () => 250)).rejects.toThrow();
    await nowhere.close();
    expect(hub.lookAt(a, 250)).toBe(250);
    expect(hub.lookAt(b, 250)).toBe(500);
    // The read failed, so it is still due: whoever wakes first takes it.
    expect(hub.due(500)).toBe(true);
  });

  it("counts the streams that follow an execution and forgets those that leave", () => {
    const hub = new LiveHub();
    const [a, b, c] = [watch("x"), watch("x"), watch("y")];
    for (const w of [a, b, c]) hub.join(w, 0);
    expect(hub.following("x")).toBe(2);
    hub.leave(a);
    expect(hub.following("x")).toBe(1);
    expect(hub.size).toBe(2);
  });
});
