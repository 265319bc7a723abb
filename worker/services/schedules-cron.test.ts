import { describe, expect, it } from "vitest";
import { Invalid } from "../lib/errors.ts";
import { canonicalZone, checkCronSpec, latestSlot, nextSlot, slotKey } from "./schedules-cron.ts";

const at = (iso: string) => new Date(iso);
const berlin = (cron: string) => ({ cron, timezone: "Europe/Berlin" });

describe("a schedule's slots", () => {
  it("the next slot is strictly after the instant, the latest one at or before it", () => {
    const spec = { cron: "0 * * * *", timezone: "UTC" };
    expect(nextSlot(spec, at("2026-12-03T01:00:00Z"))?.toISOString()).toBe(
      "2026-12-03T02:00:00.000Z",
    );
    expect(latestSlot(spec, at("2026-12-03T01:00:00Z"))?.toISOString()).toBe(
      "2026-12-03T01:00:00.000Z",
    );
    expect(latestSlot(spec, at("2026-12-03T01:59:59.999Z"))?.toISOString()).toBe(
      "2026-12-03T01:00:00.000Z",
    );
  });

  it("a fixed time in the hour that spring skips runs right after the gap", () => {
    // Berlin, 2027-03-28: 02:00 becomes 03:00 (01:00 UTC).
    expect(nextSlot(berlin("30 2 * * *"), at("2027-03-27T12:00:00Z"))?.toISOString()).toBe(
      "2027-03-28T01:00:00.000Z",
    );
  });

  it("a fixed time in the hour that autumn repeats runs once; an interval runs in both", () => {
    // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 happens twice.
    const fixed = nextSlot(berlin("30 2 * * *"), at("2026-10-25T00:00:00Z"));
    expect(fixed?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(nextSlot(berlin("30 2 * * *"), fixed as Date)?.toISOString()).toBe(
      "2026-10-26T01:30:00.000Z",
    );
    const first = nextSlot(berlin("30 * * * *"), at("2026-10-25T00:00:00Z"));
    expect(first?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(nextSlot(berlin("30 * * * *"), first as Date)?.toISOString()).toBe(
      "2026-10-25T01:30:00.000Z",
    );
  });

  it("a slot's key is the minute in UTC", () => {
    expect(slotKey("c1", at("2026-12-03T01:00:00.000Z"))).toBe("schedule:c1:2026-12-03T01:00Z");
  });
});

describe("checkCronSpec", () => {
  const now = at("2026-12-03T00:00:00Z");

  it("trims the cron and spells the zone as Intl does", () => {
    expect(checkCronSpec("  @hourly ", "utc", now)).toEqual({ cron: "@hourly", timezone: "UTC" });
  });

  it.each(["0 0 * * * *", "0 0 30 2 *", "@reboot", "60 * * * *", "* * * *"])(
    "refuses %j naming cron",
    (cron) => {
      const error = (() => {
        try {
          checkCronSpec(cron, "UTC", now);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(Invalid);
      expect((error as Invalid).details).toMatchObject([{ path: ["cron"] }]);
    },
  );

  it.each(["Nowhere/Land", "+02:00", "", "UTC "])("refuses the zone %j", (zone) => {
    expect(canonicalZone(zone)).toBeNull();
    expect(() => checkCronSpec("@daily", zone, now)).toThrow(Invalid);
  });
});
