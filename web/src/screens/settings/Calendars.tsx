/** The calendars Rapport reads (their secret iCalendar addresses): added by pasting the address, listed
 * with their state (the last change read, events seen, touches logged, a failure in words and what to
 * do), removed after a confirmation. A calendar just added is read at once: the list is read again, a
 * few times and less and less often, until its first reading is done. */
import { useEffect, useRef, useState } from "preact/hooks";
import { must, type Schemas } from "../../api/client";
import { useApp } from "../../app";
import { formatDate, formatTime, today, useRegion, useT } from "../../i18n";
import { ActionError, Field, errorText } from "../../ui/kit";
import { common } from "../../ui/messages";
import { MAX_CALENDARS, addressProblem, calendarWords, readAgo, refusalWords } from "./calendarWords";

type Calendar = Schemas["Calendar"];

/** The waits between two readings of the list while a first reading is under way (about a minute in all). */
export const POLL_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/** Failures a new address mends (the others pass, or not with another address: Rapport tries again hourly). */
const NEW_ADDRESS_MENDS = new Set([
  "not_found",
  "forbidden",
  "not_a_calendar",
  "not_https",
  "private_address",
  "too_many_redirects",
]);

const pending = (calendar: Calendar) => !calendar.synced_at && !calendar.error;

export function CalendarsSection() {
  const { api } = useApp();
  const t = useT(calendarWords);
  const tc = useT(common);
  const [calendars, setCalendars] = useState<Calendar[]>();
  const [loadError, setLoadError] = useState<unknown>();
  const [polls, setPolls] = useState(0);
  const [status, setStatus] = useState("");
  const [justAdded, setJustAdded] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  const changes = useRef(0); // adds and removals here: a list read before one of them is out of date

  const read = async () => {
    const before = changes.current;
    try {
      const answer = await must(api.GET("/me/calendars"));
      if (changes.current !== before) return; // the next read brings the list as it is now
      setCalendars(answer.calendars);
      setLoadError(undefined);
    } catch (failure) {
      setLoadError(failure);
    }
  };
  useEffect(() => void read(), []);
  const waiting = calendars?.some(pending) ?? false;
  useEffect(() => {
    if (!waiting || polls >= POLL_DELAYS_MS.length) return;
    const timer = setTimeout(() => void read().then(() => setPolls((n) => n + 1)), POLL_DELAYS_MS[polls]);
    return () => clearTimeout(timer);
  }, [waiting, polls]);
  useEffect(() => {
    // "Rapport reads it now" is said no longer once it is read: how it went instead
    const fresh = calendars?.find((calendar) => calendar.calendar_id === justAdded);
    if (!fresh || pending(fresh)) return;
    setStatus(fresh.error ? t("readFailed") : t("read"));
    setJustAdded(undefined);
  }, [calendars]);

  const added = (calendar: Calendar) => {
    changes.current += 1;
    setCalendars((list) => [...(list ?? []).filter((c) => c.calendar_id !== calendar.calendar_id), calendar]);
    setPolls(0); // a fresh first reading: follow it from the start
    setStatus(t("added"));
    setJustAdded(calendar.calendar_id);
  };
  const removed = (id: string) => {
    changes.current += 1;
    setCalendars((list) => list?.filter((c) => c.calendar_id !== id));
    setStatus(t("removed"));
    if (id === justAdded) setJustAdded(undefined);
    heading.current?.focus(); // the button pressed is gone: the section keeps the focus
  };

  return (
    <section class="card setting calendars" aria-labelledby="settings-calendars">
      <h2 id="settings-calendars" tabIndex={-1} ref={heading}>
        {t("title")}
      </h2>
      <p>{t("intro")}</p>
      <p class="hint">{t("more")}</p>
      {calendars === undefined ? (
        loadError !== undefined ? (
          <div class="notice error" role="alert">
            <p>{errorText(loadError, tc)}</p>
            <button type="button" class="button" onClick={() => void read()}>
              {tc("retry")}
            </button>
          </div>
        ) : (
          <p class="muted" aria-busy="true">
            {tc("loading")}
          </p>
        )
      ) : (
        <>
          {calendars.length > 0 && (
            <ul class="calendar-list">
              {calendars.map((calendar) => (
                <CalendarItem
                  key={calendar.calendar_id}
                  calendar={calendar}
                  gaveUp={polls >= POLL_DELAYS_MS.length}
                  onRemoved={removed}
                />
              ))}
            </ul>
          )}
          {calendars.length === 0 && <p class="muted">{t("none")}</p>}
          <p class="saved" role="status">
            {status}
          </p>
          {calendars.length >= MAX_CALENDARS ? (
            <p class="hint">{t("full")}</p>
          ) : (
            <AddCalendar onAdding={() => setStatus("")} onAdded={added} />
          )}
        </>
      )}
    </section>
  );
}

function CalendarItem({ calendar, gaveUp, onRemoved }: { calendar: Calendar; gaveUp: boolean; onRemoved: (id: string) => void }) {
  const { api } = useApp();
  const t = useT(calendarWords);
  const tc = useT(common);
  const region = useRegion();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const removeButton = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) panel.current?.focus(); // the button pressed is replaced by the question
  }, [confirming]);
  const name = calendar.name || calendar.address; // a calendar's own name comes with its first reading
  const id = `calendar-${calendar.calendar_id}`;
  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await must(api.DELETE("/me/calendars/{calendar_id}", { params: { path: { calendar_id: calendar.calendar_id } } }));
      onRemoved(calendar.calendar_id);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  const cancel = () => {
    setConfirming(false);
    setError(undefined);
    setTimeout(() => removeButton.current?.focus()); // back where the networker was, once the button is there again
  };
  /** Never read; failing since earlier today (its time); since another day (its date). */
  const failing = (since: string) =>
    !calendar.synced_at
      ? t("unread")
      : today(region) === today(region, new Date(since))
        ? t("failingToday", { time: formatTime(since, region) })
        : t("failing", { when: formatDate(since, region) });
  const ago = calendar.synced_at ? readAgo(calendar.synced_at, region) : undefined;
  return (
    <li class={calendar.error ? "calendar failing" : "calendar"} aria-labelledby={`${id}-name`}>
      {calendar.name ? (
        <>
          <p class="calendar-name" id={`${id}-name`}>
            {calendar.name}
          </p>
          <p class="address">
            <code>{calendar.address}</code>
          </p>
        </>
      ) : (
        <p class="calendar-name address" id={`${id}-name`}>
          <code>{calendar.address}</code>
        </p>
      )}
      {calendar.error ? (
        <div class="notice error">
          <p>
            <strong>{failing(calendar.error.since)}</strong>
          </p>
          <p>{calendar.error.message}</p>
          {NEW_ADDRESS_MENDS.has(calendar.error.code) && <p>{t("replace")}</p>}
        </div>
      ) : !calendar.synced_at ? (
        <p class="reading" aria-busy={!gaveUp}>
          {gaveUp ? t("readingLong") : t("reading")}
        </p>
      ) : (
        <p class="read">{ago ? t("readWhen", { when: ago }) : t("readJustNow")}</p>
      )}
      {calendar.synced_at && (
        <p class="counts-line">
          <span>{t("events", { count: calendar.events_seen })}</span>
          <span>{t("touches", { count: calendar.touches_logged })}</span>
        </p>
      )}
      {!confirming ? (
        <div class="buttons">
          <button
            type="button"
            class="button small quiet"
            aria-label={t("removeNamed", { name })}
            ref={removeButton}
            onClick={() => setConfirming(true)}
          >
            {t("remove")}
          </button>
        </div>
      ) : (
        <div
          id={`${id}-remove`}
          class="notice confirm"
          role="group"
          aria-labelledby={`${id}-remove-title`}
          tabIndex={-1}
          ref={panel}
        >
          <p id={`${id}-remove-title`}>
            <strong>{t("confirmTitle")}</strong>
          </p>
          <p>{t("confirm")}</p>
          <ActionError error={error} />
          <div class="buttons">
            <button type="button" class="button danger-strong" disabled={busy} onClick={() => void remove()}>
              {t("confirmYes")}
            </button>
            <button type="button" class="button quiet" disabled={busy} onClick={cancel}>
              {tc("cancel")}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

function AddCalendar({ onAdding, onAdded }: { onAdding: () => void; onAdded: (calendar: Calendar) => void }) {
  const { api } = useApp();
  const t = useT(calendarWords);
  const [url, setUrl] = useState("");
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID()); // a lost answer retried adds no second calendar
  const field = useRef<HTMLInputElement>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    onAdding(); // what was said of the last one is not said of this one
    const wrong = addressProblem(url, t);
    setProblem(wrong);
    if (wrong) return field.current?.focus();
    setBusy(true);
    try {
      const calendar = await must(
        api.POST("/me/calendars", { body: { url: url.trim() }, params: { header: { "idempotency-key": key } } }),
      );
      setUrl("");
      setKey(crypto.randomUUID());
      onAdded(calendar);
    } catch (failure) {
      setError(failure);
      field.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  const refused = refusalWords(error, t);
  return (
    <form class="form add-calendar" onSubmit={(event) => void submit(event)} noValidate>
      <details class="how">
        <summary>{t("where")}</summary>
        <ul class="list">
          <li>{t("google")}</li>
          <li>{t("outlook")}</li>
          <li>{t("apple")}</li>
          <li>{t("others")}</li>
        </ul>
      </details>
      <Field id="field-calendar-url" label={t("address")} hint={t("addressHint")} error={problem ?? refused}>
        {(aria) => (
          <input
            {...aria}
            ref={field}
            type="url"
            name="url"
            inputMode="url"
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            placeholder="https://…"
            value={url}
            onInput={(event) => setUrl((event.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      {refused === undefined && <ActionError error={error} />}
      <div class="buttons">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? t("adding") : t("addButton")}
        </button>
      </div>
      <p class="hint">{t("secret")}</p>
    </form>
  );
}
