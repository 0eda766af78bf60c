import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApi, type Contact, type Profile } from "../src/api/client";
import { AppContext, type AppState } from "../src/app";
import { RegionContext } from "../src/i18n";
import type { Outbox } from "../src/offline/outbox";
import { Duplicates } from "../src/screens/Duplicates";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const side = (id: string, name: string, title: string, touched: string | null) => ({
  contact_id: id,
  name,
  emails: [],
  phones: ["+33612904567"],
  company: "Fonds Horizon",
  title,
  stage: "met",
  last_touch_at: touched,
  created_at: "2026-01-01T00:00:00Z",
});
const PAIR = {
  pair_id: "a.b",
  score: 0.9,
  reasons: [{ sign: "phone", value: "+33612904567", text: "same phone: +33612904567" }],
  contacts: [side("a", "Claire Martin", "Partner", null), side("b", "Martin Claire", "CTO", "2026-11-20T09:00:00Z")],
};
const contact = (s: ReturnType<typeof side>) => ({ ...s, circle: "network", priority: "normal" }) as unknown as Contact;

function mount(answer: (request: Request) => Response) {
  const requests: Request[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      requests.push(request.clone());
      return answer(request);
    }),
  );
  const config = { api: "http://api.test", auth: { authorize: "", token: "", revoke: "/r", logout: "", client_id: "" } };
  const state: AppState = {
    config,
    api: createApi(config),
    profile: { name: "Ada", locale: "en", timezone: "UTC" } as Profile,
    setProfile: () => undefined,
    outbox: {} as Outbox,
    online: true,
  };
  render(
    <AppContext.Provider value={state}>
      <RegionContext.Provider value={{ locale: "en", timeZone: "UTC" }}>
        <LocationProvider>
          <Duplicates />
        </LocationProvider>
      </RegionContext.Provider>
    </AppContext.Provider>,
  );
  return requests;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the duplicates screen", () => {
  it("merges into the contact touched last, taking the other's value where chosen", async () => {
    let merged = false;
    const requests = mount((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/duplicates") return json({ items: merged ? [] : [PAIR] });
      if (path === "/contacts/a") return json(contact(PAIR.contacts[0]!));
      if (path === "/contacts/b") return json(contact(PAIR.contacts[1]!));
      merged = true;
      return json(contact(PAIR.contacts[1]!));
    });
    fireEvent.click(await screen.findByRole("button", { name: "Merge…" }));
    await screen.findByText("Martin Claire stays; the other contact is merged into it, then removed.");
    fireEvent.click(screen.getByRole("radio", { name: "Partner · Claire Martin" }));
    fireEvent.click(screen.getByRole("button", { name: "Merge them" }));
    await screen.findByText("No duplicates to review: each contact looks like a person of their own.");
    const merge = requests.find((request) => request.url.endsWith("/merge"))!;
    expect(new URL(merge.url).pathname).toBe("/contacts/b/merge");
    expect(await merge.json()).toEqual({ other_id: "a", take: ["title"] });
    expect(screen.getByRole("status").textContent).toContain("Merged into Martin Claire.");
  });

  it("dismisses a pair that is two people", async () => {
    let dismissed = false;
    const requests = mount((request) => {
      if (request.method === "POST") return (dismissed = true), new Response(null, { status: 204 });
      return json({ items: dismissed ? [] : [PAIR] });
    });
    fireEvent.click(await screen.findByRole("button", { name: "Not the same person" }));
    await screen.findByText(/No duplicates to review/);
    expect(new URL(requests[1]!.url).pathname).toBe("/duplicates/a.b/dismiss");
    expect(screen.getByRole("status").textContent).toContain("Claire Martin and Martin Claire are kept as two people.");
  });
});
