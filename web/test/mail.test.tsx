import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApi, type Profile, type Schemas } from "../src/api/client";
import { AppContext, type AppState } from "../src/app";
import { RegionContext, translator, type Locale } from "../src/i18n";
import type { Outbox } from "../src/offline/outbox";
import { Mail } from "../src/screens/Mail";
import { reasonSentences, reasonWords } from "../src/ui/mailWords";

type Handler = (request: Request) => Response | Promise<Response>;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const PROFILE = {
  networker_id: "n1",
  name: "Ada Networker",
  emails: [],
  locale: "en",
  timezone: "Europe/Paris",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  inbound_address: "log+aaaaaaaaaaaaaaaa@in.rapport.example",
  calendar_feed_url: null,
  calendar_feed_webcal: null,
} as Profile;

const KEPT: Schemas["Quarantined"] = {
  quarantine_id: "q1",
  received_at: "2026-12-06T09:30:00Z",
  reasons: [
    { code: "unverified_sender", detail: "me@other.example is not one of your verified addresses" },
    { code: "no_contact", detail: "nobody in it is a contact yet" },
  ],
  sender: { name: "Me at work", email: "me@other.example" },
  subject: "Lunch on Friday",
  participants: [{ name: "Claire Martin", email: "claire@example.com" }],
  raw_message: "s3://bucket/raw/1",
  expires_at: "2027-01-05T09:30:00Z",
};

const BOB: Schemas["Suggestion"] = {
  email: "bob@stranger.example",
  name: "Bob Stranger",
  seen: 3,
  first_seen_at: "2026-12-01T09:00:00Z",
  last_seen_at: "2026-12-05T09:00:00Z",
};

/** The Mail screen against a fetch that answers by "METHOD /path"; every request is kept. */
function mount(routes: Record<string, Handler>, locale: Locale = "en") {
  const requests: Request[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      requests.push(request.clone());
      const handler = routes[`${request.method} ${new URL(request.url).pathname}`];
      return handler ? handler(request) : json({ code: "not_found", message: "Not found", errors: [] }, 404);
    }),
  );
  const config = { api: "http://api.test", auth: { authorize: "", token: "", revoke: "/r", logout: "", client_id: "" } };
  const state: AppState = {
    config,
    api: createApi(config),
    profile: { ...PROFILE, locale },
    setProfile: (next) => {
      state.profile = next; // what the app keeps; the screen reads it again on its next render
    },
    outbox: {} as Outbox,
    online: true,
  };
  render(
    <AppContext.Provider value={state}>
      <RegionContext.Provider value={{ locale, timeZone: "Europe/Paris" }}>
        <Mail />
      </RegionContext.Provider>
    </AppContext.Provider>,
  );
  return { requests, state };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("why a message was kept aside", () => {
  it("says each reason once, in the networker's language", () => {
    const reasons: Schemas["Reason"][] = [
      { code: "unauthenticated", detail: "SPF FAIL" },
      { code: "unauthenticated", detail: "DMARC FAIL" },
      { code: "no_contact", detail: "nobody" },
    ];
    const fr = reasonSentences(reasons, translator(reasonWords, "fr"));
    expect(fr).toEqual([reasonWords.fr.unauthenticated, reasonWords.fr.no_contact]);
    expect(fr[0]).toContain("vérifiée\u202f:");
  });

  it("has a sentence for every code the API knows, and one for a code it adds later", () => {
    const codes = ["ambiguous_sender", "unverified_sender", "unauthenticated", "spam", "virus", "unreadable", "no_contact"];
    for (const code of codes as Schemas["ReasonCode"][]) {
      expect(reasonWords.en[code]).toBeTruthy();
      expect(reasonWords.fr[code]).toBeTruthy();
    }
    const later = [{ code: "too_large", detail: "?" }] as unknown as Schemas["Reason"][];
    expect(reasonSentences(later, translator(reasonWords, "en"))).toEqual([reasonWords.en.unknown]);
  });
});

describe("the Mail screen", () => {
  const lists = {
    "GET /inbound/quarantine": () => json({ items: [KEPT] }),
    "GET /inbound/suggestions": () => json({ items: [BOB] }),
  };

  it("shows who, what, when and why for the mail kept aside, and the people seen", async () => {
    mount(lists);
    await screen.findByText("Lunch on Friday");
    expect(screen.getByText("From Me at work <me@other.example>")).toBeTruthy();
    expect(screen.getByText("With Claire Martin <claire@example.com>")).toBeTruthy();
    expect(screen.getByText("Received 6 December at 10:30")).toBeTruthy(); // Paris time
    expect(screen.getByText(reasonWords.en.unverified_sender)).toBeTruthy();
    expect(screen.getByText(reasonWords.en.no_contact)).toBeTruthy();
    expect(screen.getByText("Bob Stranger")).toBeTruthy();
    expect(screen.getByText("In 3 messages, last 5 December")).toBeTruthy();
  });

  it("says what to do when there is nothing", async () => {
    mount({
      "GET /inbound/quarantine": () => json({ items: [] }),
      "GET /inbound/suggestions": () => json({ items: [] }),
    });
    await screen.findByText(/Nothing kept aside/);
    expect(screen.getByText(/When you BCC or forward mail/)).toBeTruthy();
  });

  it("adds a suggested person as a contact and links to them", async () => {
    const { requests } = mount({
      ...lists,
      "POST /inbound/suggestions/bob%40stranger.example/accept": () =>
        json(
          { contact: { contact_id: "c9", name: "Bob Stranger" }, released: ["i1"], joined: [] },
          201,
        ),
    });
    fireEvent.click(await screen.findByRole("button", { name: "Add as a contact" }));
    const link = await screen.findByRole("link", { name: "Open Bob Stranger" });
    expect(link.getAttribute("href")).toBe("/app/contacts/c9");
    expect(screen.getAllByText(/Bob Stranger is now a contact; 1 message/).length).toBeGreaterThan(0);
    const accept = requests.find((r) => r.method === "POST")!;
    expect(await accept.json()).toEqual({});
  });

  it("logs a message kept aside anyway, and shows the API's refusal on its card", async () => {
    let refuse = true;
    const { requests } = mount({
      ...lists,
      "POST /inbound/quarantine/q1/release": () =>
        refuse
          ? json({ code: "conflict", message: "nobody in this message is a contact yet", errors: [] }, 409)
          : json({ interaction_id: "i1" }, 201),
    });
    fireEvent.click(await screen.findByRole("button", { name: "Log it anyway" }));
    expect((await screen.findByRole("alert")).textContent).toContain("nobody in this message is a contact yet");
    refuse = false;
    fireEvent.click(screen.getByRole("button", { name: "Log it anyway" }));
    await screen.findByText("Logged: “Lunch on Friday”.");
    await waitFor(() => expect(requests.filter((r) => r.url.endsWith("/inbound/quarantine")).length).toBe(2)); // read again
  });

  it("rotates the address only once confirmed", async () => {
    const rotated = { ...PROFILE, inbound_address: "log+bbbbbbbbbbbbbbbb@in.rapport.example" };
    const { requests, state } = mount({ ...lists, "POST /me/inbound-address/rotate": () => json(rotated) });
    expect(screen.getByText(PROFILE.inbound_address!)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Get a new address" }));
    expect(screen.getByText(/The current address stops working at once/)).toBeTruthy();
    expect(requests.some((r) => r.url.endsWith("/rotate"))).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Yes, get a new address" }));
    await waitFor(() => expect(state.profile.inbound_address).toBe(rotated.inbound_address));
  });

  it("copies the address and says so", async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    mount(lists);
    fireEvent.click(screen.getByRole("button", { name: "Copy" }));
    await screen.findByText(/^Copied\./);
    expect(writeText).toHaveBeenCalledWith(PROFILE.inbound_address);
  });
});
