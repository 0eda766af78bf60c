import { describe, expect, it } from "vitest";
import { localParts } from "../src/screens/MeetingForm";
import { splitMeetings, type Meeting } from "../src/screens/Meetings";

const meeting = (id: string, starts_at: string) =>
  ({ meeting_id: id, contact_ids: ["c"], starts_at, created_at: starts_at, updated_at: starts_at }) as Meeting;

describe("meetings", () => {
  it("puts what is coming soonest first, and what has started latest first", () => {
    const now = new Date("2026-12-06T12:00:00Z");
    const { upcoming, recent } = splitMeetings(
      [
        meeting("later", "2026-12-09T09:00:00Z"),
        meeting("long-ago", "2026-12-01T09:00:00Z"),
        meeting("soon", "2026-12-06T15:00:00Z"),
        meeting("now", "2026-12-06T12:00:00Z"),
        meeting("this-morning", "2026-12-06T08:00:00Z"),
      ],
      now,
    );
    expect(upcoming.map((m) => m.meeting_id)).toEqual(["soon", "later"]);
    expect(recent.map((m) => m.meeting_id)).toEqual(["now", "this-morning", "long-ago"]);
  });

  it("shows a meeting's day and time in the networker's zone, not the browser's", () => {
    expect(localParts("2026-12-06T23:30:00Z", "Europe/Paris")).toEqual({ day: "2026-12-07", time: "00:30" });
    expect(localParts("2026-07-01T16:05:00Z", "America/New_York")).toEqual({ day: "2026-07-01", time: "12:05" });
  });
});
