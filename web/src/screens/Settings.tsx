/**
 * Settings: language, name, time zone, the daily digest, phone, email addresses, weekly goals and
 * review, greetings seasons, the calendars Rapport reads, the calendar feed, the contacts as files, the whole account exported or deleted. Each section saves on its own (PATCH /me with the version read), shows
 * the API's reasons by their fields and says "Saved" in a live region. The language applies at once.
 */
import { useEffect, useState } from "preact/hooks";
import { useApp } from "../app";
import { type Locale, useT } from "../i18n";
import { Field, PageTitle, TextField } from "../ui/kit";
import { AccountExportSection, DeleteAccountSection } from "./settings/Account";
import { EmailSection, PhoneSection } from "./settings/Addresses";
import { CalendarFeedSection } from "./settings/CalendarFeed";
import { CalendarsSection } from "./settings/Calendars";
import { ContactsExportSection } from "./settings/ContactsExport";
import { settingsWords } from "./settings/messages";
import { GoalsSection, SeasonsSection } from "./settings/Review";
import { SaveBar, Status, useSection } from "./settings/save";
import { TimeSelect } from "./settings/TimeSelect";
import { regions, timeZones } from "./settings/zones";

export function Settings() {
  const t = useT(settingsWords);
  useEffect(() => {
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView(); // "Set weekly goals"
  }, []);
  return (
    <>
      <PageTitle>{t("title")}</PageTitle>
      <div class="settings">
        <LanguageSection />
        <YouSection />
        <DigestSection />
        <PhoneSection />
        <EmailSection />
        <GoalsSection />
        <SeasonsSection />
        <CalendarsSection />
        <CalendarFeedSection />
        <ContactsExportSection />
        <AccountExportSection />
        <DeleteAccountSection />
      </div>
    </>
  );
}

const LANGUAGES: [Locale, string][] = [
  ["en", "English"],
  ["fr", "Français"],
];

function LanguageSection() {
  const t = useT(settingsWords);
  const { profile } = useApp();
  const section = useSection();
  return (
    <section class="card setting" aria-labelledby="settings-language">
      <h2 id="settings-language">{t("language")}</h2>
      <fieldset>
        <legend class="sr-only">{t("language")}</legend>
        <div class="chips">
          {LANGUAGES.map(([locale, name]) => (
            <label key={locale} class={profile.locale === locale ? "chip selected" : "chip"} lang={locale}>
              <input
                type="radio"
                name="locale"
                value={locale}
                checked={profile.locale === locale}
                disabled={section.busy}
                onChange={() => section.save({ locale })}
              />
              {name}
            </label>
          ))}
        </div>
        <p class="hint">{t("languageHint")}</p>
      </fieldset>
      <Status said={section.said} />
    </section>
  );
}

function YouSection() {
  const t = useT(settingsWords);
  const { profile } = useApp();
  const section = useSection();
  const [name, setName] = useState(profile.name);
  const [timezone, setTimezone] = useState(profile.timezone ?? "UTC");
  const [region, setRegion] = useState(profile.region ?? "");
  const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const submit = (event: Event) => {
    event.preventDefault();
    void section.save({ name: name.trim(), timezone, region: region || null });
  };
  return (
    <section class="card setting" aria-labelledby="settings-you">
      <h2 id="settings-you">{t("you")}</h2>
      <form class="form" onSubmit={submit} noValidate>
        <TextField
          name="name"
          label={t("name")}
          value={name}
          error={section.fields.name}
          autoComplete="name"
          onValue={setName}
        />
        <Field label={t("timezone")} hint={t("timezoneHint")} error={section.fields.timezone} id="field-timezone">
          {(aria) => (
            <select {...aria} name="timezone" value={timezone} onChange={(e) => setTimezone(e.currentTarget.value)}>
              {timeZones(timezone).map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          )}
        </Field>
        {device && device !== timezone && (
          <p class="suggest">
            {t("deviceZone", { zone: device.replace(/_/g, " ") })}{" "}
            <button type="button" class="button small" onClick={() => setTimezone(device)}>
              {t("useDeviceZone", { zone: device.replace(/_/g, " ") })}
            </button>
          </p>
        )}
        <Field label={t("region")} hint={t("regionHint")} error={section.fields.region} id="field-region">
          {(aria) => (
            <select {...aria} name="region" value={region} onChange={(e) => setRegion(e.currentTarget.value)}>
              <option value="">{t("noRegion")}</option>
              {regions(profile.locale === "fr" ? "fr" : "en", region).map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <SaveBar section={section} />
      </form>
      <Status said={section.said} />
    </section>
  );
}

function DigestSection() {
  const t = useT(settingsWords);
  const { profile } = useApp();
  const section = useSection();
  const [time, setTime] = useState(profile.digest_time ?? "08:00");
  const [size, setSize] = useState(profile.digest_size ?? 5);
  const [email, setEmail] = useState(profile.channels?.email ?? true);
  const [sms, setSms] = useState(profile.channels?.sms ?? false);
  const submit = (event: Event) => {
    event.preventDefault();
    void section.save({ digest_time: time, digest_size: size, channels: { email, sms } });
  };
  // Off as saved (a one-click unsubscribe from an email does this), not as being edited here.
  const emailOff = profile.channels?.email === false;
  const emailBack = async () => {
    if (await section.save({ channels: { email: true, sms: profile.channels?.sms ?? false } })) setEmail(true);
  };
  const channelsError = section.fields.channels ?? section.fields["channels.sms"] ?? section.fields["channels.email"];
  return (
    <section class="card setting" aria-labelledby="settings-digest">
      <h2 id="settings-digest">{t("digest")}</h2>
      {emailOff && (
        <p class="notice">
          {t("emailOff")}{" "}
          <button type="button" class="button small" disabled={section.busy} onClick={emailBack}>
            {t("emailOn")}
          </button>
        </p>
      )}
      <form class="form" onSubmit={submit} noValidate>
        <TimeSelect
          name="digest_time"
          label={t("digestTime")}
          hint={t("digestHint")}
          value={time}
          error={section.fields.digest_time}
          onValue={setTime}
        />
        <Field label={t("digestSize")} hint={t("digestSizeHint")} error={section.fields.digest_size} id="field-digest_size">
          {(aria) => (
            <select
              {...aria}
              name="digest_size"
              value={String(size)}
              onChange={(e) => setSize(Number(e.currentTarget.value))}
            >
              {DIGEST_SIZES.map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset aria-describedby={channelsError ? "channels-error" : undefined}>
          <legend>{t("channels")}</legend>
          <label class="check">
            <input type="checkbox" name="email" checked={email} onChange={(e) => setEmail(e.currentTarget.checked)} />
            {t("email")}
          </label>
          <label class="check">
            <input type="checkbox" name="sms" checked={sms} onChange={(e) => setSms(e.currentTarget.checked)} />
            {t("sms")}
          </label>
          {!profile.phone && <p class="hint">{t("smsNeedsPhone")}</p>}
          {profile.sms_stopped && <p class="hint">{t("smsStopped")}</p>}
          {channelsError && (
            <p class="field-error" id="channels-error">
              {channelsError}
            </p>
          )}
        </fieldset>
        <SaveBar section={section} />
      </form>
      <Status said={section.said} />
    </section>
  );
}

// The people a digest names at most (PATCH /me digest_size: 1 to 20).
const DIGEST_SIZES = Array.from({ length: 20 }, (_, i) => i + 1);
