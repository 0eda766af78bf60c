/** The contacts as files: vCards for an address book, a CSV for a spreadsheet. */
import { useState } from "preact/hooks";
import { useApp } from "../../app";
import { defineMessages, useT } from "../../i18n";
import { download, type DownloadPath } from "../../ui/download";
import { ActionError } from "../../ui/kit";

const messages = defineMessages({
  en: {
    title: "Your contacts as files",
    intro: "Take your contacts to an address book or a spreadsheet. Importing the vCard file back into Rapport recognises everyone.",
    vcard: "Download as vCard (.vcf)",
    vcardHint: "For Google Contacts, iPhone and Mac, Outlook, Android.",
    csv: "Download as CSV",
    csvHint: "For Excel, Numbers or Google Sheets, with the columns in your language.",
    downloading: "Downloading…",
    downloaded: "Downloaded: {file}.",
  },
  fr: {
    title: "Vos contacts en fichiers",
    intro: "Emportez vos contacts vers un carnet d’adresses ou un tableur. Réimporter le fichier vCard dans Rapport reconnaît chacun.",
    vcard: "Télécharger en vCard (.vcf)",
    vcardHint: "Pour Google Contacts, l’iPhone et le Mac, Outlook, Android.",
    csv: "Télécharger en CSV",
    csvHint: "Pour Excel, Numbers ou Google Sheets, avec les colonnes en français.",
    downloading: "Téléchargement…",
    downloaded: "Téléchargé\u202f: {file}.",
  },
});

const FILES: { path: DownloadPath; name: string; label: "vcard" | "csv"; hint: "vcardHint" | "csvHint" }[] = [
  { path: "/export/contacts.vcf", name: "rapport-contacts.vcf", label: "vcard", hint: "vcardHint" },
  { path: "/export/contacts.csv", name: "rapport-contacts.csv", label: "csv", hint: "csvHint" },
];

export function ContactsExportSection() {
  const { api } = useApp();
  const t = useT(messages);
  const [busy, setBusy] = useState<DownloadPath>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState("");
  const get = async (file: (typeof FILES)[number]) => {
    setBusy(file.path);
    setError(undefined);
    setStatus("");
    try {
      setStatus(t("downloaded", { file: await download(api, file.path, file.name) }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <section class="card setting" aria-labelledby="settings-contacts-export">
      <h2 id="settings-contacts-export">{t("title")}</h2>
      <p>{t("intro")}</p>
      <ul class="downloads">
        {FILES.map((file) => (
          <li key={file.path}>
            <button
              type="button"
              class="button"
              disabled={busy !== undefined}
              aria-describedby={`${file.label}-hint`}
              onClick={() => void get(file)}
            >
              {busy === file.path ? t("downloading") : t(file.label)}
            </button>
            <p class="hint" id={`${file.label}-hint`}>
              {t(file.hint)}
            </p>
          </li>
        ))}
      </ul>
      <ActionError error={error} />
      <p class="saved" role="status">
        {status}
      </p>
    </section>
  );
}
