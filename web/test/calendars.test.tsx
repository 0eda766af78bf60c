import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, createApi, type Profile, type Schemas } from "../src/api/client";
import { AppContext, type AppState } from "../src/app";
import { RegionContext, translator, type Locale } from "../src/i18n";
import type { Outbox } from "../src/offline/outbox";
import { CalendarsSection, POLL_DELAYS_MS } from "../src/screens/settings/Calendars";
import { addressProblem, calendarWords, readAgo, refusalWords } from "../src/screens/settings/calendarWords";
import { SourceMark } from "../src/ui/sources";

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

const NOW = new Date("2026-12-06T10:00:00Z");

const WORK: Schemas["Calendar"] = {
  calendar_id: "c1",
  address: "https://calendar.google.com/…/basic.ics",
  name: "Work",
  added_at: "2026-12-01T09:00:00Z",
  synced_at: "2026-12-06T07:00:00Z",
  events_seen: 42,
  touches_logged: 1,
  error: null,
};

const OLD: Schemas["Calendar"] = {
  calendar_id: "c2",
  address: "https://outlook.office365.com/…/calendar.ics",
  name: null,
  added_at: "2026-11-01T09:00:00Z",
  synced_at: "2026-11-20T09:00:00Z",
  events_seen: 3,
  touches_logged: 0,
  error: {
    code: "not_found",
    message: "The calendar’s address answers “not found”: it was probably reset. Copy the new secret address from your calendar app.",
    since: "2026-12-02T08:00:00Z",
  },
};

const FRESH: Schemas["Calendar"] = {
  calendar_id: "c3",
  address: "https://p42-caldav.icloud.com/…/home.ics",
  name: null,
  added_at: "2026-12-06T09:59:00Z",
  synced_at: null,
  events_seen: 0,
  touches_logged: 0,
  error: null,
};

/** The section against a fetch that answers by "METHOD /path"; every request is kept. */
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
    setProfile: () => undefined,
    outbox: {} as Outbox,
    online: true,
  };
  render(
    <AppContext.Provider value={state}>
      <RegionContext.Provider value={{ locale, timeZone: "Europe/Paris" }}>
        <CalendarsSection />
      </RegionContext.Provider>
    </AppContext.Provider>,
  );
  return requests;
}

/** Past `ms` and the effects' frame (Preact runs effects after a paint, at most 100 ms later). */
const after = (ms: number) => vi.advanceTimersByTimeAsync(ms + 150);
/** A text as Testing Library reads the page: spaces (the narrow no-break ones too) as one space. */
const said = (text: string) => text.replace(/\s+/g, " ");

const listed = (...calendars: Schemas["Calendar"][]) => () => json({ calendars });

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("an address pasted", () => {
  const en = translator(calendarWords, "en");
  const fr = translator(calendarWords, "fr");

  it("is taken as https or webcal, spaces around it aside", () => {
    expect(addressProblem("  https://calendar.google.com/calendar/ical/x/private-abc/basic.ics ", en)).toBeUndefined();
    expect(addressProblem("webcal://p42-caldav.icloud.com/published/2/abc", en)).toBeUndefined();
    expect(addressProblem("webcals://example.com/cal.ics", en)).toBeUndefined();
    expect(addressProblem("http://127.0.0.1:8123/cal.ics", en)).toBeUndefined(); // the local runtime's
  });

  it("is refused in words before it is sent, in both languages", () => {
    expect(addressProblem("   ", en)).toBe(calendarWords.en.empty);
    expect(addressProblem("my calendar", fr)).toBe(calendarWords.fr.notAnAddress);
    expect(addressProblem("http://calendar.example.com/cal.ics", en)).toBe(calendarWords.en.notSecure);
    expect(addressProblem("ftp://example.com/cal.ics", fr)).toBe(calendarWords.fr.notAnAddress);
    expect(addressProblem("https://me:secret@example.com/cal.ics", fr)).toBe(calendarWords.fr.withPassword);
    expect(addressProblem(`https://example.com/${"a".repeat(2000)}`, en)).toBe(calendarWords.en.tooLong);
    expect(calendarWords.fr.notSecure).toContain("lues\u202f:");
  });

  it("refused by the API is said in the networker's language", () => {
    const refused = (status: number, reason: string) =>
      new ApiError(status, { code: "refused", message: "Some fields are not valid.", errors: [{ field: "url", reason }] });
    // calendar_urls' and storage/calendars.py's reasons, as the API gives them
    expect(refusalWords(refused(409, "this calendar is already added"), fr)).toBe(calendarWords.fr.already);
    expect(refusalWords(refused(409, "another calendar was added meanwhile; try again"), en)).toBe(calendarWords.en.meanwhile);
    expect(refusalWords(refused(422, "at most 10 calendars can be added; remove one first"), fr)).toBe(calendarWords.fr.full);
    const private_ = "The address must not point to a private, local or reserved network address.";
    expect(refusalWords(refused(422, private_), fr)).toBe(calendarWords.fr.private);
    expect(refusalWords(refused(422, "The address must not point to this computer (localhost)."), en)).toBe(calendarWords.en.private);
    expect(refusalWords(refused(422, "The address must start with https:// (http is not encrypted)."), fr)).toBe(calendarWords.fr.notSecure);
    expect(refusalWords(refused(422, "The address must start with https:// or webcal://."), en)).toBe(calendarWords.en.notAnAddress);
    expect(refusalWords(refused(422, "The address contains spaces or control characters."), en)).toBe(calendarWords.en.spaces);
    expect(refusalWords(refused(422, "The address is longer than 2,000 characters."), fr)).toBe(calendarWords.fr.tooLong);
    const password = "The address must not contain a user name or password (before an @).";
    expect(refusalWords(refused(422, password), fr)).toBe(calendarWords.fr.withPassword);
    const host = "The address's host must be a full domain name (like calendar.example.com).";
    expect(refusalWords(refused(422, host), fr)).toBe(calendarWords.fr.private);
    const ipv6 = "The address's host is not a valid IPv6 address.";
    expect(refusalWords(refused(422, ipv6), fr)).toBe(calendarWords.fr.badHost);
    expect(refusalWords(refused(422, "Something new."), en)).toBe("This address cannot be used (Something new).");
    expect(refusalWords(new ApiError(409, { code: "conflict", message: "x", errors: [] }), en)).toBe(calendarWords.en.already);
    expect(refusalWords(new ApiError(500, undefined), en)).toBeUndefined();
  });
});

describe("the last change read", () => {
  const paris = (locale: Locale) => ({ locale, timeZone: "Europe/Paris" });

  it("is said relative to now, in the networker's language", () => {
    expect(readAgo("2026-12-06T09:59:30Z", paris("en"), NOW)).toBeUndefined(); // "just now"
    expect(readAgo("2026-12-06T09:55:00Z", paris("en"), NOW)).toBe("5 minutes ago");
    expect(readAgo("2026-12-06T07:00:00Z", paris("fr"), NOW)).toBe("il y a 3 heures");
    expect(readAgo("2026-12-05T06:00:00Z", paris("en"), NOW)).toBe("yesterday");
    expect(readAgo("2026-12-02T06:00:00Z", paris("fr"), NOW)).toBe("il y a 4 jours");
    expect(readAgo("2026-12-06T10:05:00Z", paris("en"), NOW)).toBeUndefined(); // a clock ahead: not "in 5 minutes"
  });
});

describe("the calendars section", () => {
  it("lists each calendar with its state: read, failing in words, and how much it logged", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
    mount({ "GET /me/calendars": listed(WORK, OLD) });
    const work = (await screen.findByText("Work")).closest("li")!;
    expect(within(work).getByText(WORK.address)).toBeTruthy();
    expect(within(work).getByText("Last change read 3 hours ago")).toBeTruthy();
    expect(within(work).getByText("42 events seen (30 days back and ahead)")).toBeTruthy();
    expect(within(work).getByText("1 touch logged")).toBeTruthy();
    const old = screen.getByText(OLD.address).closest("li")!; // no name of its own: its address instead
    expect(old.className).toContain("failing");
    expect(within(old).getByText("Not read since 2 December")).toBeTruthy();
    expect(within(old).getByText(OLD.error!.message)).toBeTruthy();
    expect(within(old).getByText("To replace it: add the new address below, then remove this calendar.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Remove the calendar Work" })).toBeTruthy();
  });

  it("says a calendar never read could not be read, and a failure of today by its time", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
    const never = { ...FRESH, error: { ...OLD.error!, since: "2026-12-06T09:59:30Z" } };
    const today = { ...WORK, error: { ...OLD.error!, since: "2026-12-06T08:00:00Z" } };
    mount({ "GET /me/calendars": listed(never, today) }, "fr");
    expect(await screen.findByText("Rapport n’a pas pu le lire")).toBeTruthy();
    expect(screen.getByText("Non lu depuis 09:00")).toBeTruthy(); // Paris time
  });

  it("speaks French", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
    mount({ "GET /me/calendars": listed(WORK, OLD) }, "fr");
    expect(await screen.findByText("Dernier changement lu il y a 3 heures")).toBeTruthy();
    expect(screen.getByText("42 événements vus (30 jours avant et après)")).toBeTruthy();
    expect(screen.getByText("1 échange noté")).toBeTruthy();
    expect(screen.getByText("Non lu depuis le 2 décembre")).toBeTruthy();
    expect(screen.getByText(said(calendarWords.fr.replace))).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Agendas lus par Rapport" })).toBeTruthy();
    expect(screen.getByLabelText("L’adresse secrète de votre agenda")).toBeTruthy();
    expect(screen.getByText(/Intégrer l’agenda → Adresse secrète au format iCal/)).toBeTruthy();
  });

  it("adds a calendar, says its first reading is under way, and reads the list again until it is done", async () => {
    vi.useFakeTimers({ now: NOW });
    let server: Schemas["Calendar"][] = [];
    const requests = mount({
      "GET /me/calendars": () => json({ calendars: server }),
      "POST /me/calendars": () => ((server = [FRESH]), json(FRESH, 201)),
    });
    await after(0);
    const field = screen.getByLabelText("Your calendar’s secret address") as HTMLInputElement;
    fireEvent.input(field, { target: { value: " webcal://p42-caldav.icloud.com/published/2/abc " } });
    fireEvent.submit(field.closest("form")!);
    await after(0);
    expect(screen.getByText("First reading…")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Calendar added.");
    const post = requests.find((r) => r.method === "POST")!;
    expect(await post.json()).toEqual({ url: "webcal://p42-caldav.icloud.com/published/2/abc" });
    expect(post.headers.get("Idempotency-Key")).toBeTruthy();
    expect(field.value).toBe("");

    const reads = () => requests.filter((r) => r.method === "GET").length;
    await after(POLL_DELAYS_MS[0]!);
    expect(reads()).toBe(2);
    expect(screen.getByText("First reading…")).toBeTruthy();
    server = [{ ...FRESH, synced_at: "2026-12-06T10:00:02Z", name: "Home", events_seen: 7 }];
    await after(POLL_DELAYS_MS[1]!);
    expect(screen.getByText("Home")).toBeTruthy();
    expect(screen.getByText("Last change read just now")).toBeTruthy();
    expect(screen.getByText("7 events seen (30 days back and ahead)")).toBeTruthy();
    expect(screen.getByText("0 touches logged")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe("First reading done.");
    await after(60_000);
    expect(reads()).toBe(3); // read: no more reads
  });

  it("says when the first reading of a calendar just added failed, in French", async () => {
    vi.useFakeTimers({ now: NOW });
    let server: Schemas["Calendar"][] = [];
    mount(
      {
        "GET /me/calendars": () => json({ calendars: server }),
        "POST /me/calendars": () => ((server = [{ ...FRESH, error: { ...OLD.error!, since: NOW.toISOString() } }]), json(FRESH, 201)),
      },
      "fr",
    );
    await after(0);
    const field = screen.getByLabelText("L’adresse secrète de votre agenda");
    fireEvent.input(field, { target: { value: "https://calendar.google.com/calendar/ical/x/private-abc/basic.ics" } });
    fireEvent.submit(field.closest("form")!);
    await after(0);
    expect(screen.getByText("Première lecture…")).toBeTruthy();
    await after(POLL_DELAYS_MS[0]!);
    expect(screen.getByText("Rapport n’a pas pu le lire")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe(calendarWords.fr.readFailed);
  });

  it("does not lose a calendar just added to a list read before it was added", async () => {
    vi.useFakeTimers({ now: NOW });
    const other = { ...FRESH, calendar_id: "c4", address: "https://calendar.google.com/…/other.ics" };
    let release: (response: Response) => void = () => undefined;
    let reads = 0;
    mount({
      "GET /me/calendars": () =>
        ++reads === 2
          ? new Promise<Response>((resolve) => (release = resolve))
          : json({ calendars: reads === 1 ? [FRESH] : [FRESH, other] }),
      "POST /me/calendars": () => json(other, 201),
    });
    await after(0);
    await after(POLL_DELAYS_MS[0]!); // the second read is under way, and answers late
    expect(reads).toBe(2);
    const field = screen.getByLabelText("Your calendar’s secret address");
    fireEvent.input(field, { target: { value: "https://calendar.google.com/calendar/ical/y/private-def/basic.ics" } });
    fireEvent.submit(field.closest("form")!);
    await after(0);
    expect(screen.getByText(other.address)).toBeTruthy();
    release(json({ calendars: [FRESH] })); // read before the add: without it
    await after(0);
    expect(screen.getByText(other.address)).toBeTruthy();
    await after(POLL_DELAYS_MS[1]!); // then the next read, which has it
    expect(reads).toBe(3);
    expect(screen.getByText(other.address)).toBeTruthy();
  });

  it("follows a first reading with fewer and fewer reads, then says it takes long", async () => {
    vi.useFakeTimers({ now: NOW });
    let answers = 0;
    const requests = mount({
      "GET /me/calendars": () => (answers++ < 3 ? json({ calendars: [FRESH] }) : json({ calendars: [{ ...FRESH, synced_at: "2026-12-06T10:00:05Z" }] })),
    });
    await after(0);
    expect(screen.getByText("First reading…")).toBeTruthy();
    await after(POLL_DELAYS_MS[0]!);
    await after(POLL_DELAYS_MS[1]!);
    expect(screen.getByText("First reading…")).toBeTruthy();
    await after(POLL_DELAYS_MS[2]!);
    expect(screen.getByText("Last change read just now")).toBeTruthy();
    await after(60_000);
    expect(requests.length).toBe(4); // read, then no more once it is read

    expect(screen.getByRole("status").textContent).toBe(""); // nothing added here: nothing to say

    cleanup();
    const stuck = mount({ "GET /me/calendars": listed(FRESH) }, "fr");
    for (const delay of POLL_DELAYS_MS) await after(delay);
    expect(stuck.length).toBe(1 + POLL_DELAYS_MS.length);
    expect(screen.getByText(said(calendarWords.fr.readingLong))).toBeTruthy();
    await after(120_000);
    expect(stuck.length).toBe(1 + POLL_DELAYS_MS.length);
  });

  it("shows the API's refusals next to the field, in French, and refuses a bad address without asking", async () => {
    const requests = mount(
      {
        "GET /me/calendars": listed(WORK),
        "POST /me/calendars": () =>
          json({ code: "conflict", message: "Conflict", errors: [{ field: "url", reason: "this calendar is already added" }] }, 409),
      },
      "fr",
    );
    const field = await screen.findByLabelText("L’adresse secrète de votre agenda");
    const form = field.closest("form")!;
    fireEvent.input(field, { target: { value: "http://calendar.example.com/cal.ics" } });
    fireEvent.submit(form);
    expect(await screen.findByText(said(calendarWords.fr.notSecure))).toBeTruthy();
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(requests.some((r) => r.method === "POST")).toBe(false);

    fireEvent.input(field, { target: { value: "https://calendar.google.com/calendar/ical/x/private-abc/basic.ics" } });
    fireEvent.submit(form);
    expect(await screen.findByText("Cet agenda est déjà ajouté.")).toBeTruthy();
    expect(field.getAttribute("aria-describedby")).toContain("field-calendar-url-error");
    expect(field.getAttribute("aria-invalid")).toBe("true");
  });

  it("says the limit instead of the form at 10 calendars", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ ...WORK, calendar_id: `c${i}`, name: `Calendar ${i}` }));
    mount({ "GET /me/calendars": listed(...ten) });
    expect(await screen.findByText(calendarWords.en.full)).toBeTruthy();
    expect(screen.queryByLabelText("Your calendar’s secret address")).toBeNull();
  });

  it("removes a calendar only once confirmed, and says what stays", async () => {
    const requests = mount({
      "GET /me/calendars": listed(WORK, OLD),
      "DELETE /me/calendars/c1": () => new Response(null, { status: 204 }),
    });
    fireEvent.click(await screen.findByRole("button", { name: "Remove the calendar Work" }));
    expect(screen.getByText("Remove this calendar?")).toBeTruthy();
    expect(requests.some((r) => r.method === "DELETE")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByText("Remove this calendar?")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Remove the calendar Work" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, remove it" }));
    await waitFor(() => expect(screen.queryByText("Work")).toBeNull());
    expect(requests.filter((r) => r.method === "DELETE").map((r) => new URL(r.url).pathname)).toEqual(["/me/calendars/c1"]);
    expect(screen.getByRole("status").textContent).toBe("Calendar removed. The touches it logged stay.");
    expect(screen.getByText(OLD.address)).toBeTruthy();
  });
});

describe("a touch's source on the timeline", () => {
  const mark = (source: Schemas["Source"], locale: Locale) =>
    render(
      <RegionContext.Provider value={{ locale, timeZone: "Europe/Paris" }}>
        <SourceMark source={source} />
      </RegionContext.Provider>,
    ).container;

  it("marks a touch from the calendar, in both languages, with an icon left unspoken", () => {
    const en = mark("calendar", "en");
    expect(en.textContent).toBe("from your calendar");
    expect(en.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
    cleanup();
    expect(mark("calendar", "fr").textContent).toBe("depuis votre agenda");
  });

  it("marks mail and texts, and nothing for a touch logged by hand", () => {
    expect(mark("email", "fr").textContent).toBe("depuis un e-mail transféré");
    cleanup();
    expect(mark("sms", "en").textContent).toBe("logged by text");
    cleanup();
    expect(mark("api", "en").textContent).toBe("");
  });
});
