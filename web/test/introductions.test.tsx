import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { createApi, type Schemas } from "../src/api/client";
import { AppContext, type AppState } from "../src/app";
import { RegionContext } from "../src/i18n";
import { IntroductionCard } from "../src/screens/IntroductionCard";
import { introActions, type Introduction, type Status } from "../src/screens/introductionSteps";

const config = { api: "", auth: { authorize: "", token: "", revoke: "/r", logout: "", client_id: "" } };

function intro(status: Status, more: Partial<Introduction> = {}): Introduction {
  return {
    introduction_id: "i1",
    contact_ids: ["paul", "marie"],
    reason: "Marie raises a seed round.",
    status,
    created_at: "2026-12-01T10:00:00Z",
    updated_at: "2026-12-01T10:00:00Z",
    ...more,
  };
}

const people = new Map(
  [
    ["paul", "Paul Martin"],
    ["marie", "Marie Dubois"],
  ].map(([id, name]) => [id!, { contact_id: id, name } as Schemas["ContactDetail"]]),
);

function show(introduction: Introduction, draft?: Schemas["Draft"]) {
  const state = { api: createApi(config), config } as unknown as AppState;
  render(
    <AppContext.Provider value={state}>
      <RegionContext.Provider value={{ locale: "en", timeZone: "Europe/Paris" }}>
        <IntroductionCard intro={introduction} people={people} draft={draft} targeted={false} onChanged={() => {}} />
      </RegionContext.Provider>
    </AppContext.Provider>,
  );
  return screen.queryAllByRole("button").map((button) => button.textContent);
}

afterEach(cleanup);

describe("introduction steps", () => {
  it("offers only what the workflow allows in each status", () => {
    expect(introActions("suggested")).toEqual(["ask", "cancel"]);
    expect(introActions("asked")).toEqual(["accept", "decline", "cancel"]);
    expect(introActions("accepted")).toEqual(["make", "cancel"]);
    expect(introActions("made")).toEqual(["follow-up"]);
    for (const final of ["declined", "followed_up", "cancelled"] as const) expect(introActions(final)).toEqual([]);
  });

  it("shows each step's button only when the status allows it, named after the side asked", () => {
    expect(show(intro("suggested"))).toEqual(["Ask Paul", "Cancel the introduction"]);
    cleanup();
    expect(show(intro("asked", { asked_contact_id: "marie" }))).toEqual([
      "Marie said yes",
      "Marie said no",
      "Cancel the introduction",
    ]);
    cleanup();
    expect(show(intro("followed_up"))).toEqual([]);
  });

  it("shows the draft with its mailto: link, and once made the day of the follow-up", () => {
    const draft = { subject: "An introduction to Marie?", body: "Hello Paul,\n…", recipients: [], mailto: "mailto:?subject=x" };
    show(intro("made", { made_at: "2026-12-01T10:00:00Z", follow_up_due_on: "2026-12-15" }), draft);
    expect(screen.getByRole("link", { name: "Open in your mail app" }).getAttribute("href")).toBe("mailto:?subject=x");
    expect(screen.getByText(/No email address known/)).toBeTruthy();
    expect(screen.getByTestId("follow-up-due").textContent).toContain("Tuesday 15 December");
    expect(screen.getAllByRole("button").map((button) => button.textContent)).toEqual(["Followed up"]);
  });
});
