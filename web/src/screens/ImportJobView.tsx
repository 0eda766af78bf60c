/** One import followed: polled every second while it runs, its counts, then the rows not taken. */
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, must } from "../api/client";
import { useApp } from "../app";
import { defineMessages, formatDate, formatNumber, formatTime, useRegion, useT } from "../i18n";
import { fromLinkedIn, progressOf, type ImportReport } from "../ui/importJob";
import { errorText } from "../ui/kit";
import { common } from "../ui/messages";

const POLL_MS = 1000;
const RETRY_MS = 3000; // after a network failure: keep following, a little slower

const messages = defineMessages({
  en: {
    title: "Your import",
    started: "Started {day} at {time}",
    progress: "{done} of {total} connections taken",
    progressPeople: "{done} of {total} people taken",
    read: "Read as {format}.",
    linkedin: "a LinkedIn export",
    vcard: "vCards",
    google_csv: "a Google Contacts CSV",
    outlook_csv: "an Outlook CSV",
    rapport_csv: "a Rapport CSV export",
    photos: "{count} {count|photo|photos} left out: Rapport keeps no photos.",
    running: "Importing: {percent}%",
    done: "Import done.",
    failed: "The import stopped.",
    failure: "It stopped: {reason}. Your file is kept; import it again.",
    created: "New contacts to meet",
    createdMet: "New contacts",
    merged: "Already known, completed",
    skipped: "Already there, skipped",
    rejected: "Rows not taken",
    rejectedTitle: "Rows not taken",
    rejectedIntro: "Fix these lines in the file and import it again: people already imported are skipped.",
    line: "Line",
    reason: "Why",
    noName: "no first or last name",
    noOne: "no name, organisation or email",
    next: "What next: the people imported are contacts to meet. Look through them and mark those you want to meet soon.",
    seeThem: "See the contacts to meet",
    nextMet: "What next: look through your contacts, and merge those now there twice.",
    seeAll: "See your contacts",
    seeDuplicates: "Duplicates to review",
    missing: "This import cannot be found.",
  },
  fr: {
    title: "Votre import",
    started: "Commencé le {day} à {time}",
    progress: "{done} relations sur {total} traitées",
    progressPeople: "{done} personnes sur {total} traitées",
    read: "Lu comme {format}.",
    linkedin: "un export LinkedIn",
    vcard: "des vCards",
    google_csv: "un CSV de Google Contacts",
    outlook_csv: "un CSV d’Outlook",
    rapport_csv: "un export CSV de Rapport",
    photos: "{count} {count|photo laissée|photos laissées} de côté : Rapport ne garde pas de photos.",
    running: "Import en cours\u202f: {percent}\u202f%",
    done: "Import terminé.",
    failed: "L’import s’est arrêté.",
    failure:
      "Il s’est arrêté\u202f: {reason}. Votre fichier est gardé\u202f; importez-le de nouveau.",
    created: "Nouveaux contacts à rencontrer",
    createdMet: "Nouveaux contacts",
    merged: "Déjà connus, complétés",
    skipped: "Déjà là, ignorés",
    rejected: "Lignes non reprises",
    rejectedTitle: "Lignes non reprises",
    rejectedIntro: "Corrigez ces lignes dans le fichier et importez-le de nouveau\u202f: les personnes déjà importées sont ignorées.",
    line: "Ligne",
    reason: "Pourquoi",
    noName: "ni prénom ni nom",
    noOne: "ni nom, ni organisation, ni e-mail",
    next: "Et maintenant\u202f: les personnes importées sont des contacts à rencontrer. Parcourez-les et repérez celles à voir bientôt.",
    seeThem: "Voir les contacts à rencontrer",
    nextMet: "Et maintenant\u202f: parcourez vos contacts, et fusionnez ceux qui y sont deux fois.",
    seeAll: "Voir vos contacts",
    seeDuplicates: "Doublons à vérifier",
    missing: "Cet import est introuvable.",
  },
});

/** Reasons the reader gives in fixed words; others (a column's own check) are the API's sentence, in English. */
const KNOWN_REASONS: Record<string, "noName" | "noOne"> = {
  "no first or last name": "noName",
  "no name, organisation or email": "noOne",
};

/** `focus`: the import was just started here, so the eyes (and a screen reader) go to it. */
export function ImportJobView({ id, focus }: { id: string; focus: boolean }) {
  const { api } = useApp();
  const t = useT(messages);
  const tc = useT(common);
  const [job, setJob] = useState<ImportReport>();
  const [error, setError] = useState<unknown>();
  const [round, setRound] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, []);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const report = await must(api.GET("/imports/{import_id}", { params: { path: { import_id: id } } }));
        if (stopped) return;
        setJob(report);
        setError(undefined);
        if (report.status === "running") timer = setTimeout(poll, POLL_MS);
      } catch (failure) {
        if (stopped) return;
        setError(failure);
        if (!(failure instanceof ApiError)) timer = setTimeout(poll, RETRY_MS);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, id, round]);

  return (
    <section aria-labelledby="import-job" class="import-job">
      <h2 id="import-job" ref={heading} tabIndex={-1}>
        {t("title")}
      </h2>
      {error !== undefined && (
        <div class="notice error" role="alert">
          <p>{error instanceof ApiError && error.status === 404 ? t("missing") : errorText(error, tc)}</p>
          {error instanceof ApiError && error.status !== 404 && (
            <button type="button" class="button" onClick={() => setRound(round + 1)}>
              {tc("retry")}
            </button>
          )}
        </div>
      )}
      {job ? <Report job={job} /> : error === undefined && <p class="muted">{tc("loading")}</p>}
    </section>
  );
}

function Report({ job }: { job: ImportReport }) {
  const t = useT(messages);
  const region = useRegion();
  const progress = progressOf(job);
  const linkedin = fromLinkedIn(job);
  const number = (value: number | undefined) => formatNumber(value ?? 0, region);
  const status =
    job.status === "running" ? t("running", { percent: progress.step }) : job.status === "done" ? t("done") : t("failed");
  return (
    <>
      <p class="muted">
        {t("started", { day: formatDate(job.started_at, region), time: formatTime(job.started_at, region) })}
      </p>
      <p class="import-status" role="status">
        {status}
      </p>
      <progress id="import-progress" max={100} value={progress.percent} aria-labelledby="import-progress-label" />
      <p id="import-progress-label">
        {t(linkedin ? "progress" : "progressPeople", { done: number(progress.done), total: number(progress.total) })}
      </p>
      <p class="muted">
        {t("read", { format: t(job.format ?? "linkedin") })}
        {!!job.photos_skipped && <> {t("photos", { count: job.photos_skipped })}</>}
      </p>
      {job.status === "failed" && (
        <p class="notice error">{t("failure", { reason: job.failure ?? "?" })}</p>
      )}
      <dl class="facts counts">
        {(["created", "merged", "skipped", "rejected"] as const).map((count) => (
          <div class="fact" key={count}>
            <dt class="label">{t(count === "created" && !linkedin ? "createdMet" : count)}</dt>
            <dd>{number(job[count])}</dd>
          </div>
        ))}
      </dl>
      {job.status === "done" &&
        (linkedin ? (
          <div class="notice success">
            <p>{t("next")}</p>
            <a href="/app/contacts?stage=to_meet">{t("seeThem")}</a>
          </div>
        ) : (
          <div class="notice success">
            <p>{t("nextMet")}</p>
            <p class="links">
              <a href="/app/contacts">{t("seeAll")}</a> · <a href="/app/contacts/duplicates">{t("seeDuplicates")}</a>
            </p>
          </div>
        ))}
      {job.rejections.length > 0 && (
        <>
          <h3>{t("rejectedTitle")}</h3>
          <p class="muted">{t("rejectedIntro")}</p>
          <table class="rejections">
            <thead>
              <tr>
                <th scope="col">{t("line")}</th>
                <th scope="col">{t("reason")}</th>
              </tr>
            </thead>
            <tbody>
              {job.rejections.map((row) => {
                const known = KNOWN_REASONS[row.reason];
                return (
                  <tr key={row.line}>
                    <td>{row.line}</td>
                    {known ? <td>{t(known)}</td> : <td lang="en">{row.reason}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
