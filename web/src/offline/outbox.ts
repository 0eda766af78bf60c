/**
 * Touches logged without network: kept on the phone, sent when the network is back.
 *
 * Each touch gets its `Idempotency-Key` when it is logged, and keeps it through every retry, so
 * that a touch whose answer was lost on the way is never logged twice. The queue is the signed-in
 * networker's own (its storage key holds their id) and goes with sign-out. A touch the API refuses
 * (a 4xx) is not dropped: it stays, with the reason, until the networker fixes or discards it.
 */
import { ApiError, type Api, type ErrorBody, type Schemas } from "../api/client";

export type TouchBody = Schemas["InteractionCreate"];

export interface Pending {
  key: string;
  body: TouchBody;
  names: string[]; // the contacts' names, to show what waits
  queuedAt: string;
  refused?: string; // the API's reason, when it refused the touch
}

type Listener = (pending: Pending[]) => void;

/** Whether the API's answer is its last word on this touch. A server error, a limit, a timeout, or a
 * 409 on the Idempotency-Key (the first attempt is still being answered) are worth another try. */
export function final(refusal: ApiError): boolean {
  if (refusal.status >= 500 || refusal.status === 429 || refusal.status === 408) return false;
  return !(refusal.status === 409 && "Idempotency-Key" in refusal.fields);
}

export class Outbox {
  private readonly storageKey: string;
  private readonly listeners = new Set<Listener>();
  private sending: Promise<void> | null = null;

  constructor(
    private readonly api: Api,
    networkerId: string,
  ) {
    this.storageKey = `rapport.outbox.${networkerId}`;
  }

  get pending(): Pending[] {
    try {
      return JSON.parse(localStorage.getItem(this.storageKey) ?? "[]") as Pending[];
    } catch {
      return [];
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keeps the touch, then tries to send everything waiting: whether this one was sent, waits, or was refused. */
  async add(body: TouchBody, names: string[]): Promise<"sent" | "waiting" | Pending> {
    const key = crypto.randomUUID();
    this.save([...this.pending, { key, body, names, queuedAt: new Date().toISOString() }]);
    await this.flush();
    const kept = this.pending.find((touch) => touch.key === key);
    return kept === undefined ? "sent" : kept.refused ? kept : "waiting";
  }

  discard(key: string): void {
    this.save(this.pending.filter((touch) => touch.key !== key));
  }

  /** Sends what waits, oldest first; stops at the first network failure (offline: try again later). */
  flush(): Promise<void> {
    this.sending ??= this.send().finally(() => (this.sending = null));
    return this.sending;
  }

  private async send(): Promise<void> {
    for (const touch of this.pending.filter((waiting) => !waiting.refused)) {
      let response: Response;
      let error: unknown;
      try {
        ({ response, error } = await this.api.POST("/interactions", {
          body: touch.body,
          headers: { "Idempotency-Key": touch.key },
        }));
      } catch {
        return; // no network: the touch waits
      }
      const refusal = new ApiError(response.status, error as Partial<ErrorBody>);
      if (response.ok) this.discard(touch.key);
      else if (!final(refusal)) return; // the same touch, with the same key, goes again later
      else this.refuse(touch.key, refusal.body?.errors?.map((error) => error.reason).join("; ") || refusal.message);
    }
  }

  private refuse(key: string, reason: string): void {
    this.save(this.pending.map((touch) => (touch.key === key ? { ...touch, refused: reason } : touch)));
  }

  private save(pending: Pending[]): void {
    localStorage.setItem(this.storageKey, JSON.stringify(pending));
    for (const listener of this.listeners) listener(pending);
  }
}
