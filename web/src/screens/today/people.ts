/**
 * Today's people: the ranking's lines (GET /reminders `people`) made into cards, one per person, and what
 * "done" on a card sends for each of its reminders. Pure, so that it is tested without a screen.
 */
import type { Schemas } from "../../api/client";

type Reminder = Schemas["Reminder"];
type PersonLine = Schemas["PersonLine"];
type Kind = Schemas["ReminderKind"];

/** One person: their reminders that need attention now (on the card) or later (coming up), with reasons. */
export interface Person {
  line: PersonLine;
  now: Reminder[];
  later: Reminder[];
}

const waiting = (reminder: Reminder) => reminder.status === "ok" || Boolean(reminder.snoozed_until);

/** The people in the ranking's order; those with something to do now first (as ranked), then the others. */
export function people(items: Reminder[], lines: PersonLine[]): { now: Person[]; later: Person[] } {
  const byId = new Map(items.map((reminder) => [reminder.reminder_id, reminder]));
  const all = lines.map((line) => {
    const theirs = line.reminder_ids.flatMap((id) => byId.get(id) ?? []);
    return { line, now: theirs.filter((r) => !waiting(r)), later: theirs.filter(waiting) };
  });
  return { now: all.filter((p) => p.now.length > 0), later: all.filter((p) => p.now.length === 0 && p.later.length > 0) };
}

// A reminder whose "done" can log the touch of its kind (help is given through its own steps; a meeting
// held logs its own touch when confirmed).
const TOUCHING: ReadonlySet<Kind> = new Set<Kind>([
  "follow_up",
  "intro_follow_up",
  "thank_you",
  "birthday",
  "birthday_soon",
  "meet",
]);

/** "Done" for each reminder of a card: one touch logged for the person, by the first reminder that can log
 * it; none if a meeting held is among them (confirming it logs the touch). */
export function doneRequests(reminders: Reminder[]): { reminder_id: string; log_touch: boolean }[] {
  let logged = reminders.some((r) => r.kind === "meeting_held");
  return reminders.map((reminder) => {
    const log_touch = !logged && TOUCHING.has(reminder.kind);
    logged ||= log_touch;
    return { reminder_id: reminder.reminder_id, log_touch };
  });
}
