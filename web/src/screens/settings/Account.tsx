/** The account as a whole (GDPR articles 20 and 17): everything exported in one zip, or everything deleted. */
import { useState } from "preact/hooks";
import { ApiError, must } from "../../api/client";
import { useApp } from "../../app";
import { signOut } from "../../auth/session";
import { defineMessages, useRegion, useT } from "../../i18n";
import { ActionError, Field } from "../../ui/kit";
import { common } from "../../ui/messages";
import { AccountExportView } from "./AccountExportView";

const messages = defineMessages({
  en: {
    exportTitle: "Everything you keep here",
    exportIntro: "One zip of everything Rapport holds about you: every contact, touch, meeting and setting (JSON), your contacts as vCards, your calendar, the mails still kept. We email you a link when it is ready; it is kept 7 days.",
    exportStart: "Export all my data",
    exportAgain: "Export again",
    deleteTitle: "Delete your account",
    deleteIntro: "Everything goes, for good: your contacts, touches, meetings, imports, mail kept, phone and addresses, and your sign-in. Nothing can be brought back. Export your data first if you may want it.",
    deleteStart: "Delete my account…",
    confirmTitle: "Delete your account and everything in it?",
    confirmLabel: "To confirm, type your account’s email: {email}",
    confirmYes: "Delete my account for good",
    mismatch: "Type {email} exactly as it is written above.",
  },
  fr: {
    exportTitle: "Tout ce que vous gardez ici",
    exportIntro: "Un zip de tout ce que Rapport garde sur vous\u202f: chaque contact, échange, rendez-vous et réglage (JSON), vos contacts en vCard, votre agenda, les e-mails encore gardés. Nous vous écrivons quand il est prêt\u202f; il est gardé 7 jours.",
    exportStart: "Exporter toutes mes données",
    exportAgain: "Exporter de nouveau",
    deleteTitle: "Supprimer votre compte",
    deleteIntro: "Tout disparaît, définitivement\u202f: vos contacts, échanges, rendez-vous, imports, e-mails gardés, téléphone et adresses, et votre connexion. Rien ne pourra être récupéré. Exportez d’abord vos données si vous pourriez en avoir besoin.",
    deleteStart: "Supprimer mon compte…",
    confirmTitle: "Supprimer votre compte et tout ce qu’il contient\u202f?",
    confirmLabel: "Pour confirmer, tapez l’e-mail de votre compte\u202f: {email}",
    confirmYes: "Supprimer mon compte définitivement",
    mismatch: "Tapez {email} exactement comme il est écrit ci-dessus.",
  },
});

export function AccountExportSection() {
  const { api, profile } = useApp();
  const t = useT(messages);
  // The last export asked for on this device, followed again after a reload (signing out forgets it).
  const kept = `rapport.export.${profile.networker_id}`;
  const [id, setId] = useState<string | undefined>(() => localStorage.getItem(kept) ?? undefined);
  const [ended, setEnded] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID()); // a lost answer retried starts no second export
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const job = await must(api.POST("/me/export", { params: { header: { "idempotency-key": key } } }));
      setId(job.export_id);
      localStorage.setItem(kept, job.export_id);
      setEnded(false);
      setKey(crypto.randomUUID());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card setting" aria-labelledby="settings-export">
      <h2 id="settings-export">{t("exportTitle")}</h2>
      <p>{t("exportIntro")}</p>
      {id && <AccountExportView key={id} id={id} onEnded={() => setEnded(true)} />}
      {(!id || ended) && (
        <div class="buttons">
          <button type="button" class="button" disabled={busy} onClick={() => void start()}>
            {id ? t("exportAgain") : t("exportStart")}
          </button>
        </div>
      )}
      <ActionError error={error} />
    </section>
  );
}

/** The sign-in email (the first of the profile's): what the API asks to be typed. */
export function accountEmail(emails: { address: string }[]): string {
  return emails[0]?.address ?? "";
}

/** What the networker typed is the account's email (case and spaces aside, as the API compares). */
export function confirms(typed: string, email: string): boolean {
  return email !== "" && typed.trim().toLowerCase() === email.toLowerCase();
}

export function DeleteAccountSection() {
  const { api, config, profile } = useApp();
  const { locale } = useRegion();
  const t = useT(messages);
  const tc = useT(common);
  const email = accountEmail(profile.emails);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (!confirms(typed, email)) return;
    setBusy(true);
    setError(undefined);
    try {
      await must(api.DELETE("/me", { body: { confirm: typed.trim() } }));
      await signOut(config, { farewell: locale });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  const refused = error instanceof ApiError ? error.fields.confirm : undefined;
  const mismatch = tried && !confirms(typed, email) ? t("mismatch", { email }) : undefined;
  return (
    <section class="card setting danger" aria-labelledby="settings-delete">
      <h2 id="settings-delete">{t("deleteTitle")}</h2>
      <p>{t("deleteIntro")}</p>
      {!open ? (
        <div class="buttons">
          <button type="button" class="button danger" onClick={() => setOpen(true)}>
            {t("deleteStart")}
          </button>
        </div>
      ) : (
        <form id="delete-confirm" class="form notice confirm" onSubmit={(event) => void submit(event)} noValidate>
          <p>
            <strong>{t("confirmTitle")}</strong>
          </p>
          <Field id="delete-email" label={t("confirmLabel", { email })} error={mismatch ?? refused}>
            {(aria) => (
              <input
                {...aria}
                type="email"
                name="confirm"
                autoComplete="off"
                spellcheck={false}
                value={typed}
                onInput={(event) => setTyped((event.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          {!refused && <ActionError error={error} />}
          <div class="buttons">
            <button type="submit" class="button danger-strong" disabled={busy}>
              {t("confirmYes")}
            </button>
            <button type="button" class="button quiet" disabled={busy} onClick={() => (setOpen(false), setTyped(""), setTried(false))}>
              {tc("cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
