/**
 * Imports: LinkedIn's export uploaded as it is (the .zip or its Connections.csv), then the job
 * followed until it is done, then the rows that could not be taken. The job's id is kept in the
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
    title: "Import from LinkedIn",
    how: "Your LinkedIn connections",
    another: "Import another export",
    intro: "Bring your LinkedIn connections in: each becomes a contact to meet. To get the file:",
    step1: "On LinkedIn, open Settings & Privacy, then Data privacy.",
    step2: "Choose Get a copy of your data, then “Want something in particular?”: tick Connections, then Request archive.",
    step3: "LinkedIn emails you when it is ready (often within ten minutes): download the file.",
    step4: "Choose it below: the .zip as it is, or the Connections.csv inside it.",
    again: "People you already have are completed, never doubled: importing the same file again adds no one twice.",
    file: "Your LinkedIn export",
    hint: "Connections.csv or the export’s .zip, up to {max} MB.",
    send: "Import",
    sending: "Sending…",
    tooBig: "This file is {size} MB; the limit is {max} MB. Take Connections.csv out of the zip and choose it alone.",
    wrongType: "Choose the .csv or .zip file LinkedIn sent you.",
    emptyFile: "This file is empty.",
    chooseFirst: "Choose your export first.",
    tooBigSent: "This file is over {max} MB. Take Connections.csv out of the zip and choose it alone.",
    unreadable: "Rapport could not read this file as a LinkedIn export ({reason}).",
  },
  fr: {
    title: "Importer depuis LinkedIn",
    how: "Vos relations LinkedIn",
    another: "Importer un autre export",
    intro: "Faites entrer vos relations LinkedIn\u202f: chacune devient un contact à rencontrer. Pour obtenir le fichier\u202f:",
    step1: "Sur LinkedIn, ouvrez Préférences et confidentialité, puis Confidentialité des données.",
    step2:
      "Choisissez Obtenir une copie de vos données, puis «\u202fVous cherchez quelque chose en particulier\u202f?\u202f»\u202f: cochez Relations, puis Demander l’archive.",
    step3: "LinkedIn vous écrit quand elle est prête (souvent en dix minutes)\u202f: téléchargez le fichier.",
    step4: "Choisissez-le ci-dessous\u202f: le .zip tel quel, ou le Connections.csv qu’il contient.",
    again:
      "Les personnes que vous avez déjà sont complétées, jamais en double\u202f: réimporter le même fichier n’ajoute personne deux fois.",
    file: "Votre export LinkedIn",
    hint: "Connections.csv ou le .zip de l’export, jusqu’à {max} Mo.",
    send: "Importer",
    sending: "Envoi…",
    tooBig:
      "Ce fichier fait {size} Mo\u202f; la limite est de {max} Mo. Sortez Connections.csv du zip et choisissez-le seul.",
    wrongType: "Choisissez le fichier .csv ou .zip envoyé par LinkedIn.",
    emptyFile: "Ce fichier est vide.",
    chooseFirst: "Choisissez d’abord votre export.",
    tooBigSent: "Ce fichier dépasse {max} Mo. Sortez Connections.csv du zip et choisissez-le seul.",
    unreadable: "Rapport n’a pas pu lire ce fichier comme un export LinkedIn ({reason}).",
  },
});

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
        <ol class="steps">
          <li>{t("step1")}</li>
          <li>{t("step2")}</li>
          <li>{t("step3")}</li>
          <li>{t("step4")}</li>
        </ol>
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
        api.POST("/imports/linkedin", {
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
            accept=".csv,.zip,text/csv,application/zip"
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
