// For random crons (field ranges, lists, steps, names, aliases) in random IANA zones, at random
// instants weighted towards daylight-saving changes: the schedule's next slot is croner's next
// run, strictly in the future, on a whole minute and matching the cron; through the API too.
import { Cron } from "croner";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { checkCronSpec, latestSlot, nextSlot } from "../worker/services/schedules-cron.ts";
import { testClient } from "./harness/app.ts";
import { createTeam } from "./harness/fixtures.ts";
import { insertConnectorRow } from "./harness/rows.ts";

const ZONES = Intl.supportedValuesOf("timeZone");
const ALIASES = ["@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually"];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** One cron field over [min, max]: `*`, a value, a range, a step, or a list of those. */
function field(min: number, max: number, names: string[] = []) {
  const value = fc.integer({ min, max });
  const named =
    names.length > 0 ? fc.oneof(value.map(String), fc.constantFrom(...names)) : value.map(String);
  const range = fc.tuple(value, value).map(([a, b]) => (a <= b ? `${a}-${b}` : `${b}-${a}`));
  const step = fc.integer({ min: 1, max: Math.max(1, max - min) });
  const part = fc.oneof(
    named,
    range,
    fc.tuple(range, step).map(([r, s]) => `${r}/${s}`),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant("*") },
    { weight: 2, arbitrary: step.map((s) => `*/${s}`) },
    { weight: 4, arbitrary: part },
    {
      weight: 2,
      arbitrary: fc.array(part, { minLength: 2, maxLength: 4 }).map((p) => p.join(",")),
    },
  );
}

const fiveFields = fc
  .tuple(field(0, 59), field(0, 23), field(1, 31), field(1, 12, MONTHS), field(0, 7, DAYS))
  .map((parts) => parts.join(" "));
const cronArb = fc.oneof({ weight: 6, arbitrary: fiveFields }, fc.constantFrom(...ALIASES));

const YEAR = 365 * 24 * 3600_000;
const START = Date.UTC(2026, 0, 1);
/** Any instant in 2026–2030, or one within two days of a March/October/November DST change. */
const instant = fc.oneof(
  fc.integer({ min: START, max: START + 5 * YEAR }).map((ms) => new Date(ms)),
  fc
    .tuple(
      fc.integer({ min: 2026, max: 2030 }),
      fc.constantFrom(2, 3, 9, 10),
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 0, max: 48 * 3600_000 }),
    )
    .map(([year, month, day, ms]) => new Date(Date.UTC(year, month, day) + ms)),
);

/** The zone's UTC offset at an instant, e.g. "GMT+03:00". */
function offsetAt(zone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
  return parts.formatToParts(at).find((part) => part.type === "timeZoneName")?.value ?? "";
}

/** Whether the zone's offset changes at this very instant (a DST transition). */
function startsAnOffset(zone: string, at: Date): boolean {
  return offsetAt(zone, at) !== offsetAt(zone, new Date(at.getTime() - 1));
}

describe("a schedule's next slot", () => {
  it("is croner's next run, strictly after now, on a whole minute, matching the cron", () => {
    fc.assert(
      fc.property(cronArb, fc.constantFrom(...ZONES), instant, (cron, zone, now) => {
        const job = new Cron(cron, { timezone: zone, mode: "5-part" });
        const expected = job.nextRun(now);
        if (!expected) {
          expect(() => checkCronSpec(cron, zone, now)).toThrow(/never fires/);
          return;
        }
        const spec = checkCronSpec(cron, zone, now);
        const next = nextSlot(spec, now);
        expect(next?.toISOString()).toBe(expected.toISOString());
        const at = next as Date;
        expect(at.getTime()).toBeGreaterThan(now.getTime());
        expect(at.getTime() % 60_000).toBe(0);
        // A wall time that a spring-forward skips (00:00 on Cairo's last Friday of April) fires
        // at the instant of the jump, where the wall clock already reads the later hour.
        if (!startsAnOffset(zone, at)) expect(job.match(at)).toBe(true);
        // The slot a sweep at that instant runs is that very slot.
        expect(latestSlot(spec, at)?.toISOString()).toBe(at.toISOString());
      }),
      {
        numRuns: 400,
        // Found by this property: Cairo's spring-forward skips midnight (the slot is the jump).
        examples: [["@daily", "Africa/Cairo", new Date("2029-04-26T00:00:00.000Z")]],
      },
    );
  });
});

describe("PUT …/schedule answers nextRunAt", () => {
  const client = testClient();
  let path: string;
  let token: string;

  beforeAll(async () => {
    const team = await createTeam();
    const connectorId = await insertConnectorRow(team.workspaceId);
    path = `/v1/workspaces/${team.workspaceId}/connectors/${connectorId}/schedule`;
    token = team.member.token;
  });

  it("as croner's next run after the request, always in the future", async () => {
    await fc.assert(
      fc.asyncProperty(cronArb, fc.constantFrom(...ZONES), async (cron, timezone) => {
        const before = new Date();
        const res = await client.json<{ nextRunAt: string; error?: unknown }>(path, {
          method: "PUT",
          token,
          body: { cron, timezone },
        });
        const after = new Date();
        const job = new Cron(cron, { timezone, mode: "5-part" });
        const expected = [job.nextRun(before), job.nextRun(after)];
        if (!expected[0]) {
          expect(res.status, JSON.stringify(res.body)).toBe(400);
          return;
        }
        expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
        expect(expected.map((d) => d?.toISOString())).toContain(res.body.nextRunAt);
        expect(Date.parse(res.body.nextRunAt)).toBeGreaterThan(before.getTime());
      }),
      { numRuns: 25 },
    );
  });
});
