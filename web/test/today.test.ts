import { describe, expect, it } from "vitest";
import type { Schemas } from "../src/api/client";
import { doneRequests, people } from "../src/screens/today/people";

type Reminder = Schemas["Reminder"];
type Kind = Schemas["ReminderKind"];

const reminder = (id: string, kind: Kind, status: Reminder["status"] = "due", snoozed_until?: string) =>
  ({ reminder_id: id, kind, status, short_reason: id, snoozed_until }) as Reminder;
const line = (contact_id: string, reminder_ids: string[]) =>
  ({ contact_id, name: contact_id, reminder_ids }) as Schemas["PersonLine"];

describe("today's people", () => {
  it("are one card per person in the ranking's order, with all their reminders, the waiting ones after", () => {
    const items = [
      reminder("late", "follow_up", "overdue"),
      reminder("birthday", "birthday"),
      reminder("help", "help"),
      reminder("soon", "follow_up", "ok"),
      reminder("snoozed", "meet", "due", "2027-01-08"),
    ];
    const { now, later } = people(items, [
      line("Anne", ["late", "birthday"]),
      line("Zoé", ["soon"]),
      line("Bruno", ["help", "snoozed"]),
      line("Gone", ["missing"]), // not among the items: nothing to show
    ]);
    expect(now.map((p) => [p.line.name, p.now.map((r) => r.reminder_id)])).toEqual([
      ["Anne", ["late", "birthday"]],
      ["Bruno", ["help"]],
    ]);
    expect(now[1]!.later.map((r) => r.reminder_id)).toEqual(["snoozed"]);
    expect(later.map((p) => p.line.name)).toEqual(["Zoé"]);
  });

  it("log one touch for the person when done: the first reminder that can log it", () => {
    const done = doneRequests([reminder("h", "help"), reminder("f", "follow_up"), reminder("b", "birthday")]);
    expect(done).toEqual([
      { reminder_id: "h", log_touch: false },
      { reminder_id: "f", log_touch: true },
      { reminder_id: "b", log_touch: false },
    ]);
  });

  it("log no touch beside a meeting held, whose confirmation logs it", () => {
    const done = doneRequests([reminder("f", "follow_up"), reminder("m", "meeting_held")]);
    expect(done.map((d) => d.log_touch)).toEqual([false, false]);
  });
});
