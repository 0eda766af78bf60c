/** The outbox: touches kept until sent, each with its one Idempotency-Key, nothing lost. */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, createApi } from "../src/api/client";
import { Outbox, final } from "../src/offline/outbox";

const CONFIG = {
  api: "http://app.test",
  auth: { authorize: "/a", token: "/t", revoke: "/r", logout: "/l", client_id: "c" },
};
const TOUCH = { kind: "coffee" as const, occurred_at: "2026-12-06T10:00:00Z", contact_ids: ["c1"] };

function answer(status: number, body: object = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

describe("the outbox", () => {
  let sent: Request[];
  beforeEach(() => {
    localStorage.clear();
    sent = [];
  });

  function outboxAnswering(...answers: (Response | Error)[]) {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        sent.push(request);
        const next = answers.shift();
        if (next instanceof Error) throw next;
        return next ?? answer(201);
      }),
    );
    return new Outbox(createApi(CONFIG), "networker-1");
  }

  it("sends a touch once, with an Idempotency-Key, and forgets it", async () => {
    const outbox = outboxAnswering(answer(201));
    expect(await outbox.add(TOUCH, ["Claire"])).toBe("sent");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(outbox.pending).toEqual([]);
  });

  it("keeps a touch without network and sends it later with the same key", async () => {
    const outbox = outboxAnswering(new TypeError("offline"), answer(201));
    expect(await outbox.add(TOUCH, ["Claire"])).toBe("waiting");
    expect(outbox.pending).toHaveLength(1);
    await outbox.flush();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.headers.get("Idempotency-Key")).toBe(sent[0]!.headers.get("Idempotency-Key"));
    expect(outbox.pending).toEqual([]);
  });

  it("keeps a touch the API refuses, with the reason, until it is discarded", async () => {
    const outbox = outboxAnswering(answer(422, { code: "invalid", message: "occurred_at is in the future", errors: [] }));
    const outcome = await outbox.add(TOUCH, ["Claire"]);
    expect(typeof outcome).toBe("object");
    expect(outbox.pending[0]!.refused).toBe("occurred_at is in the future");
    outbox.discard(outbox.pending[0]!.key);
    expect(outbox.pending).toEqual([]);
  });

  it("keeps each networker's touches apart", async () => {
    const outbox = outboxAnswering(new TypeError("offline"));
    await outbox.add(TOUCH, ["Claire"]);
    expect(new Outbox(createApi(CONFIG), "networker-2").pending).toEqual([]);
  });
});

describe("a refusal", () => {
  it("is final unless it is worth another try", () => {
    expect(final(new ApiError(422, { errors: [] }))).toBe(true);
    expect(final(new ApiError(503, undefined))).toBe(false);
    expect(final(new ApiError(429, undefined))).toBe(false);
    expect(final(new ApiError(409, { errors: [{ field: "Idempotency-Key", reason: "still being answered" }] }))).toBe(false);
    expect(final(new ApiError(409, { errors: [{ field: "version", reason: "changed" }] }))).toBe(true);
  });
});
