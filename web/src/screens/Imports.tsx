/**
 * Imports: a file of contacts uploaded as it is (vCards, Google's or Outlook's CSV, LinkedIn's .zip or
 * its Connections.csv: the API recognises which), then the job followed until it is done, then the rows
 * that could not be taken. The job's id is kept in the
 * address (`?job=`), so a reload keeps following it.
 */
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, must } from "../api/client";
import { useApp } from "../app";
import { defineMessages, formatNumber, useRegion, useT, type Translate } from "../i18n";
import { MAX_UPLOAD_BYTES, megabytes, uploadOf } from "../ui/importJob";
import { Field, PageTitle, errorText } from "../ui/kit";
import { common } from "../ui/messages";
import { ImportJobView } from "./ImportJobView";

const messages = defineMessages({
  en: {
    title: "Import contacts",
    how: "Bring your contacts in",
    another: "Import another file",
    intro: "Choose the file your address book or LinkedIn gives you: Rapport recognises which it is.",
    where: "Where to find your file",
    google: "Google Contacts",
    google1: "Open contacts.google.com on a computer, then Export (the arrow at the top of the list).",
    google2: "Choose vCard (for iOS Contacts), or Google CSV, then Export.",
    apple: "iPhone, iCloud or Mac",
    apple1: "On icloud.com/contacts, select all the contacts, then the ⋯ or gear button, Export vCard.",
    apple2: "On a Mac: the Contacts app, select all, then File, Export, Export vCard.",
    apple3: "On an iPhone alone: share a contact (or a list, from iOS 16) and save the .vcf to Files.",
    outlook: "Outlook",
    outlook1: "Outlook.com: People, Manage contacts, Export contacts, all contacts, Export (a CSV).",
    outlook2: "Outlook for Windows: File, Open & Export, Import/Export, Export to a file, Comma Separated Values.",
    android: "Android",
    android1: "The Contacts app: Fix & manage (or Settings), Export to file: a .vcf.",
    linkedin: "LinkedIn",
    step1: "On LinkedIn, open Settings & Privacy, then Data privacy.",
    step2: "Choose Get a copy of your data, then “Want something in particular?”: tick Connections, then Request archive.",
    step3: "LinkedIn emails you when it is ready (often within ten minutes): download the file.",
    step4: "Choose it below: the .zip as it is, or the Connections.csv inside it.",
    again: "People you already have (same email, phone or LinkedIn profile) are completed, never doubled or overwritten: importing the same file again adds no one twice.",
    file: "Your file",
    hint: "A vCard (.vcf), a Google or Outlook CSV, or LinkedIn’s .zip or Connections.csv, up to {max} MB.",
    send: "Import",
    sending: "Sending…",
    tooBig: "This file is {size} MB; the limit is {max} MB. Split it, or for LinkedIn take Connections.csv out of the zip.",
    wrongType: "Choose a .vcf, .csv or .zip file.",
    emptyFile: "This file is empty.",
    chooseFirst: "Choose your file first.",
    tooBigSent: "This file is over {max} MB. Split it, or for LinkedIn take Connections.csv out of the zip.",
    unreadable: "Rapport could not read this file ({reason}).",
  },
  fr: {
    title: "Importer des contacts",
    how: "Faites entrer vos contacts",
    another: "Importer un autre fichier",
    intro: "Choisissez le fichier que vous donne votre carnet d’adresses ou LinkedIn : Rapport reconnaît lequel c’est.",
    where: "Où trouver votre fichier",
    google: "Google Contacts",
    google1: "Ouvrez contacts.google.com sur un ordinateur, puis Exporter (la flèche en haut de la liste).",
    google2: "Choisissez vCard (pour iOS Contacts), ou CSV Google, puis Exporter.",
    apple: "iPhone, iCloud ou Mac",
    apple1: "Sur icloud.com/contacts, sélectionnez tous les contacts, puis le bouton ⋯ ou la roue crantée, Exporter une vCard.",
    apple2: "Sur un Mac : l’app Contacts, tout sélectionner, puis Fichier, Exporter, Exporter une vCard.",
    apple3: "Sur un iPhone seul : partagez un contact (ou une liste, depuis iOS 16) et enregistrez le .vcf dans Fichiers.",
    outlook: "Outlook",
    outlook1: "Outlook.com : Contacts, Gérer les contacts, Exporter des contacts, tous les contacts, Exporter (un CSV).",
    outlook2: "Outlook pour Windows : Fichier, Ouvrir et exporter, Importer/Exporter, Exporter des données vers un fichier, Valeurs séparées par une virgule.",
    android: "Android",
    android1: "L’app Contacts : Corriger et gérer (ou Paramètres), Exporter dans un fichier : un .vcf.",
    linkedin: "LinkedIn",
    step1: "Sur LinkedIn, ouvrez Préférences et confidentialité, puis Confidentialité des données.",
    step2:
      "Choisissez Obtenir une copie de vos données, puis « Vous cherchez quelque chose en particulier ? » : cochez Relations, puis Demander l’archive.",
    step3: "LinkedIn vous écrit quand elle est prête (souvent en dix minutes) : téléchargez le fichier.",
    step4: "Choisissez-le ci-dessous : le .zip tel quel, ou le Connections.csv qu’il contient.",
    again:
      "Les personnes que vous avez déjà (même e-mail, téléphone ou profil LinkedIn) sont complétées, jamais doublées ni écrasées : réimporter le même fichier n’ajoute personne deux fois.",
    file: "Votre fichier",
    hint: "Une vCard (.vcf), un CSV Google ou Outlook, ou le .zip ou le Connections.csv de LinkedIn, jusqu’à {max} Mo.",
    send: "Importer",
    sending: "Envoi…",
    tooBig:
      "Ce fichier fait {size} Mo ; la limite est de {max} Mo. Découpez-le, ou pour LinkedIn sortez Connections.csv du zip.",
    wrongType: "Choisissez un fichier .vcf, .csv ou .zip.",
    emptyFile: "Ce fichier est vide.",
    chooseFirst: "Choisissez d’abord votre fichier.",
    tooBigSent: "Ce fichier dépasse {max} Mo. Découpez-le, ou pour LinkedIn sortez Connections.csv du zip.",
    unreadable: "Rapport n’a pas pu lire ce fichier ({reason}).",
  },
});

/** Where each source keeps its export: a title and its steps (keys of the messages). */
const SOURCES = [
  ["google", ["google1", "google2"]],
  ["apple", ["apple1", "apple2", "apple3"]],
  ["outlook", ["outlook1", "outlook2"]],
  ["android", ["android1"]],
  ["linkedin", ["step1", "step2", "step3", "step4"]],
] as const;

export function Imports() {
  const t = useT(messages);
  const location = useLocation();
  const job = location.query.job;
  const [started, setStarted] = useState<string>();
  return (
    <>
      <PageTitle>{t("title")}</PageTitle>
      {job && <ImportJobView key={job} id={job} focus={job === started} />}
      <section aria-labelledby="import-new">
        <h2 id="import-new">{job ? t("another") : t("how")}</h2>
        <p>{t("intro")}</p>
        <h3>{t("where")}</h3>
        <div class="sources">
          {SOURCES.map(([source, steps]) => (
            <details class="source" key={source}>
              <summary>{t(source)}</summary>
              <ol class="steps">
                {steps.map((step) => (
                  <li key={step}>{t(step)}</li>
                ))}
              </ol>
            </details>
          ))}
        </div>
        <p class="muted">{t("again")}</p>
        <UploadForm
          onStarted={(id) => {
            setStarted(id);
            location.route(`/app/imports?job=${encodeURIComponent(id)}`);
          }}
        />
      </section>
    </>
  );
}

function UploadForm({ onStarted }: { onStarted: (id: string) => void }) {
  const { api } = useApp();
  const t = useT(messages);
  const tc = useT(common);
  const [file, setFile] = useState<File>();
  // One key per file chosen: pressing Import again after a lost answer starts no second import.
  const [key, setKey] = useState("");
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const region = useRegion();
  const max = formatNumber(megabytes(MAX_UPLOAD_BYTES), region);

  const check = (chosen: File | undefined): string | undefined => {
    if (!chosen) return t("chooseFirst");
    const upload = uploadOf(chosen);
    if (!("problem" in upload)) return undefined;
    if (upload.problem === "size") return t("tooBig", { size: formatNumber(megabytes(chosen.size), region), max });
    return upload.problem === "empty" ? t("emptyFile") : t("wrongType");
  };
  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    setKey(crypto.randomUUID());
    setError(undefined);
    setProblem(chosen ? check(chosen) : undefined);
  };
  const send = async (form: HTMLFormElement) => {
    const refused = check(file);
    setProblem(refused);
    if (refused || !file) return;
    const upload = uploadOf(file);
    if ("problem" in upload) return;
    setSending(true);
    setError(undefined);
    try {
      const job = await must(
        api.POST("/imports", {
          // The export goes as the body, as it is: not JSON (the contract declares no JSON body for it).
          body: file as never,
          bodySerializer: (body: unknown) => body,
          headers: { "Content-Type": upload.contentType },
          params: { header: { "idempotency-key": key } },
        }),
      );
      form.reset();
      setFile(undefined);
      onStarted(job.import_id);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };
  const refusal = error instanceof ApiError ? refusalText(error, t, max) : undefined;
  return (
    <form
      class="form upload"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void send(event.currentTarget);
      }}
    >
      <Field
        id="import-file"
        label={t("file")}
        hint={t("hint", { max })}
        error={problem ?? refusal}
      >
        {(aria) => (
          <input
            {...aria}
            type="file"
            name="file"
            accept=".vcf,.vcard,.csv,.zip,text/vcard,text/x-vcard,text/csv,application/zip"
            onChange={(event) => choose((event.currentTarget as HTMLInputElement).files?.[0])}
          />
        )}
      </Field>
      {error !== undefined && !(error instanceof ApiError) && (
        <p class="notice error" role="alert">
          {errorText(error, tc)}
        </p>
      )}
      <div class="buttons">
        <button type="submit" class="button primary" disabled={sending}>
          {sending ? t("sending") : t("send")}
        </button>
      </div>
    </form>
  );
}

/** The API's refusal in the networker's words; what it could not read is the API's own sentence. */
function refusalText(error: ApiError, t: Translate<typeof messages.en>, max: string): string {
  if (error.status === 413) return t("tooBigSent", { max });
  if (error.status === 415) return t("wrongType");
  return t("unreadable", { reason: error.fields.body ?? error.message });
}
