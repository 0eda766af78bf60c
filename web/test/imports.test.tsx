import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApi, type Profile } from "../src/api/client";
import { AppContext, type AppState } from "../src/app";
import { RegionContext } from "../src/i18n";
import type { Outbox } from "../src/offline/outbox";
import { Imports } from "../src/screens/Imports";
import { MAX_UPLOAD_BYTES, progressOf, uploadOf, type ImportReport } from "../src/ui/importJob";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function job(changes: Partial<ImportReport>): ImportReport {
  return {
    import_id: "j1",
    status: "running",
    rows: 1200,
    processed: 0,
    created: 0,
    merged: 0,
    skipped: 0,
    rejected: 0,
    started_at: "2026-12-06T09:00:00Z",
    rejections: [],
    ...changes,
  };
}

describe("which files go", () => {
  it("goes with the Content-Type the API takes, from the name whatever the browser calls it", () => {
    expect(uploadOf({ name: "Connections.csv", size: 10, type: "application/vnd.ms-excel" })).toEqual({
      contentType: "text/csv",
    });
    expect(uploadOf({ name: "Basic_LinkedInDataExport.ZIP", size: 10, type: "" })).toEqual({
      contentType: "application/zip",
    });
    expect(uploadOf({ name: "Contacts.VCF", size: 10, type: "" })).toEqual({ contentType: "text/vcard" });
    expect(uploadOf({ name: "contacts", size: 10, type: "text/x-vcard" })).toEqual({ contentType: "text/vcard" });
    expect(uploadOf({ name: "export", size: 10, type: "application/x-zip-compressed" })).toEqual({
      contentType: "application/zip",
    });
  });

  it("refuses other files, empty ones and those over 4 MB before sending", () => {
    expect(uploadOf({ name: "contacts.xlsx", size: 10, type: "" })).toEqual({ problem: "type" });
    expect(uploadOf({ name: "Connections.csv", size: 0, type: "text/csv" })).toEqual({ problem: "empty" });
    expect(uploadOf({ name: "Connections.csv", size: MAX_UPLOAD_BYTES, type: "text/csv" })).toEqual({
      contentType: "text/csv",
    });
    expect(uploadOf({ name: "export.zip", size: MAX_UPLOAD_BYTES + 1, type: "" })).toEqual({ problem: "size" });
  });
});

describe("where an import stands", () => {
  it("counts the connections taken, never past the total, and reaches 100% only when done", () => {
    expect(progressOf(job({ processed: 0 }))).toEqual({ done: 0, total: 1200, percent: 0, step: 0 });
    expect(progressOf(job({ processed: 500 }))).toEqual({ done: 500, total: 1200, percent: 41, step: 40 });
    expect(progressOf(job({ processed: 1200 })).percent).toBe(99); // all taken, the job not closed yet
    expect(progressOf(job({ processed: 1300 })).done).toBe(1200);
    expect(progressOf(job({ processed: 1200, status: "done" }))).toEqual({
      done: 1200,
      total: 1200,
      percent: 100,
      step: 100,
    });
  });

  it("leaves a failed job where it stopped, and a file of nobody at 0 until done", () => {
    expect(progressOf(job({ processed: 500, status: "failed" })).percent).toBe(41);
    expect(progressOf(job({ rows: 0 })).percent).toBe(0);
    expect(progressOf(job({ rows: 0, status: "done" })).percent).toBe(100);
  });
});

/** The Imports screen at `url`, against a fetch given by `answer`; every request is kept. */
function mount(url: string, answer: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      requests.push(request.clone());
      return answer(request);
    }),
  );
  history.replaceState(null, "", url);
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
          <Imports />
        </LocationProvider>
      </RegionContext.Provider>
    </AppContext.Provider>,
  );
  return requests;
}

function choose(file: File) {
  const input = screen.getByLabelText("Your file") as HTMLInputElement;
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  fireEvent.change(input);
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the Imports screen", () => {
  it("sends the export as it is, with its type, then follows the job from the address", async () => {
    const csv = "First Name,Last Name\nAda,Lovelace\n";
    const requests = mount("/app/imports", (request) =>
      request.method === "POST" ? json(job({ rows: 1 }), 202) : json(job({ rows: 1, status: "done", processed: 1 })),
    );
    choose(new File([csv], "Connections.csv", { type: "" }));
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    await screen.findByText("Import done.");
    const [upload] = requests;
    expect(upload!.method).toBe("POST");
    expect(new URL(upload!.url).pathname).toBe("/imports");
    expect(upload!.headers.get("Content-Type")).toBe("text/csv");
    expect(upload!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await upload!.text()).toBe(csv);
    expect(location.search).toBe("?job=j1");
  });

  it("refuses a file over 4 MB without sending it", async () => {
    const requests = mount("/app/imports", () => json({}, 500));
    choose(new File([new Uint8Array(MAX_UPLOAD_BYTES + 200_000)], "export.zip"));
    expect(screen.getByText(/This file is 4.2 MB; the limit is 4 MB/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    expect(requests).toEqual([]);
  });

  it("shows the API's refusal by the file", async () => {
    mount("/app/imports", () =>
      json(
        { code: "invalid_input", message: "x", errors: [{ field: "body", reason: "lists no connections" }] },
        422,
      ),
    );
    choose(new File(["First Name,Last Name\n"], "Connections.csv"));
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    const said = await screen.findByText(/Rapport could not read this file \(lists no connections\)/);
    expect(screen.getByLabelText("Your file").getAttribute("aria-describedby")).toContain(said.id);
  });

  it("polls every second while the job runs, then shows the rows not taken", async () => {
    vi.useFakeTimers();
    const answers = [
      job({ processed: 0 }),
      job({ processed: 500, created: 500 }),
      job({
        status: "done",
        processed: 1200,
        created: 1199,
        rejected: 1,
        rejections: [{ line: 47, reason: "no first or last name" }],
      }),
    ];
    const requests = mount("/app/imports?job=j1", () => json(answers.shift() ?? job({ status: "done" })));
    await vi.waitFor(() => expect(screen.getByText("Importing: 0%")).toBeTruthy());
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    await vi.waitFor(() => expect(screen.getByText("Importing: 40%")).toBeTruthy());
    expect(screen.getByText("500 of 1,200 connections taken")).toBeTruthy();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    await vi.waitFor(() => expect(screen.getByText("Import done.")).toBeTruthy());
    expect(screen.getByRole("cell", { name: "47" })).toBeTruthy();
    expect(screen.getByRole("cell", { name: "no first or last name" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "See the contacts to meet" }).getAttribute("href")).toBe(
      "/app/contacts?stage=to_meet",
    );
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(requests.length).toBe(3); // no polling once done
  });

  it("words an address book's import as contacts met, with its photos left out and its cards refused", async () => {
    mount("/app/imports?job=j1", () =>
      json(
        job({
          format: "vcard",
          status: "done",
          rows: 3,
          processed: 3,
          created: 2,
          rejected: 1,
          photos_skipped: 1,
          rejections: [{ line: 19, reason: "no name, organisation or email" }],
        }),
      ),
    );
    await screen.findByText("Import done.");
    expect(screen.getByText("3 of 3 people taken")).toBeTruthy();
    expect(screen.getByText("Read as vCards. 1 photo left out: Rapport keeps no photos.")).toBeTruthy();
    expect(screen.getByText("New contacts")).toBeTruthy();
    expect(screen.getByRole("cell", { name: "no name, organisation or email" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Duplicates to review" }).getAttribute("href")).toBe(
      "/app/contacts/duplicates",
    );
  });

  it("says so when the job in the address is not found", async () => {
    mount("/app/imports?job=gone", () => json({ code: "not_found", message: "no such import", errors: [] }, 404));
    await screen.findByText("This import cannot be found.");
  });
});
