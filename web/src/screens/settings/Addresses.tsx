/** How Rapport reaches the networker: the phone (verified by a texted code) and the email addresses. */
import { useState } from "preact/hooks";
import { must, type Schemas } from "../../api/client";
import { useApp } from "../../app";
import { formatTime, useRegion, useT } from "../../i18n";
import { TextField } from "../../ui/kit";
import { settingsWords } from "./messages";
import { SaveBar, Status, useSection } from "./save";

export function PhoneSection() {
  const t = useT(settingsWords);
  const region = useRegion();
  const { api, profile, setProfile } = useApp();
  const section = useSection();
  const [number, setNumber] = useState("");
  const [sent, setSent] = useState<Schemas["PhoneCodeSent"]>();
  const [code, setCode] = useState("");
  const request = (event: Event) => {
    event.preventDefault();
    void section.run(async () => {
      const answer = await must(api.PUT("/me/phone", { body: { phone: number } }));
      setSent(answer);
      return { key: "codeSent", values: { phone: answer.phone, time: formatTime(answer.expires_at, region) } };
    });
  };
  const verify = (event: Event) => {
    event.preventDefault();
    void section.run(async () => {
      setProfile(await must(api.POST("/me/phone/verify", { body: { code } })));
      setSent(undefined);
      setNumber("");
      setCode("");
    }, { key: "verified" });
  };
  const remove = () =>
    section.run(async () => {
      await must(api.DELETE("/me/phone"));
      setProfile(await must(api.GET("/me")));
    }, { key: "removed" });
  return (
    <section class="card setting" aria-labelledby="settings-phone">
      <h2 id="settings-phone">{t("phone")}</h2>
      {profile.phone ? (
        <div class="buttons spread">
          <p>{t("phoneIs", { phone: profile.phone })}</p>
          <button type="button" class="button quiet" disabled={section.busy} onClick={remove}>
            {t("removePhone")}
          </button>
        </div>
      ) : (
        <p class="muted">{t("phoneNone")}</p>
      )}
      <Status said={section.said} />
      {sent ? (
        <form class="form" onSubmit={verify} noValidate>
          <TextField
            name="code"
            label={t("code")}
            value={code}
            error={section.fields.code}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            onValue={setCode}
          />
          <SaveBar section={section} label={t("verify")} />
          <button type="button" class="link" onClick={() => setSent(undefined)}>
            {t("otherNumber")}
          </button>
        </form>
      ) : (
        <form class="form" onSubmit={request} noValidate>
          <TextField
            name="phone"
            type="tel"
            label={t("newPhone")}
            hint={t("newPhoneHint")}
            value={number}
            error={section.fields.phone}
            autoComplete="tel"
            onValue={setNumber}
          />
          <SaveBar section={section} label={t("sendCode")} />
        </form>
      )}
    </section>
  );
}

export function EmailSection() {
  const t = useT(settingsWords);
  const { api, profile } = useApp();
  const section = useSection();
  const [address, setAddress] = useState("");
  const addresses = profile.emails.map((email) => email.address);
  const add = async (event: Event) => {
    event.preventDefault();
    const email = address.trim();
    if (await section.save({ emails: [...addresses, email] }, { key: "added", values: { email } })) setAddress("");
  };
  const remove = (gone: string) => section.save({ emails: addresses.filter((a) => a !== gone) });
  const resend = (email: string) =>
    section.run(() => must(api.POST("/me/email-confirmations", { body: { email } })), {
      key: "linkSent",
      values: { email },
    });
  const addError = section.fields[`emails[${addresses.length}]`] ?? section.fields.emails ?? section.fields.email;
  return (
    <section class="card setting" aria-labelledby="settings-emails">
      <h2 id="settings-emails">{t("emails")}</h2>
      <p class="hint">{t("emailsHint")}</p>
      <ul class="addresses">
        {profile.emails.map((email, index) => (
          <li key={email.address}>
            <span class="address">{email.address}</span>
            {index === 0 && <span class="badge quiet">{t("signIn")}</span>}
            <span class={email.verified ? "badge" : "badge warn"}>
              {email.verified ? t("confirmed") : t("unconfirmed")}
            </span>
            <span class="buttons">
              {!email.verified && (
                <button
                  type="button"
                  class="button small"
                  disabled={section.busy}
                  aria-label={t("resendTo", { email: email.address })}
                  onClick={() => resend(email.address)}
                >
                  {t("resend")}
                </button>
              )}
              {index > 0 && (
                <button
                  type="button"
                  class="button small quiet"
                  disabled={section.busy}
                  aria-label={t("removeEmail", { email: email.address })}
                  onClick={() => remove(email.address)}
                >
                  {t("remove")}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
      <form class="form" onSubmit={add} noValidate>
        <TextField
          name="new_email"
          type="email"
          label={t("addEmail")}
          value={address}
          error={addError}
          autoComplete="email"
          onValue={setAddress}
        />
        <SaveBar section={section} label={t("add")} />
      </form>
      <Status said={section.said} />
    </section>
  );
}
