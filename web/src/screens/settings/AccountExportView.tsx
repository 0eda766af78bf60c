/** One export of the whole account followed: polled while it is written, then its download (a fresh
 * link at each reading: the API's links last 15 minutes). */
import { useEffect, useState } from "preact/hooks";
import { ApiError, must, type Schemas } from "../../api/client";
import { useApp } from "../../app";
import { defineMessages, formatDate, formatNumber, formatTime, useRegion, useT } from "../../i18n";
import { sizeOf } from "../../ui/download";
import { errorText } from "../../ui/kit";
import { common } from "../../ui/messages";

type AccountExport = Schemas["AccountExport"];

const POLL_MS = 1000;
const RETRY_MS = 3000;

const messages = defineMessages({
  en: {
    running: "Writing your export: {count} {count|item|items} so far…",
    done: "Your export is ready: {size}.",
    kb: "{value} KB",
    mb: "{value} MB",
    download: "Download the zip",
    kept: "Kept until {day}. The email we sent you links back here.",
    failed: "The export stopped: {reason}. Ask for a new one.",
    expired: "This export was deleted 7 days after it was written. Ask for a new one.",
    missing: "This export cannot be found.",
    started: "Started {day} at {time}",
  },
  fr: {
    running: "Écriture de votre export\u202f: {count} {count|élément|éléments} pour l’instant…",
    done: "Votre export est prêt\u202f: {size}.",
    kb: "{value}\u00a0Ko",
    mb: "{value}\u00a0Mo",
    download: "Télécharger le zip",
    kept: "Gardé jusqu’au {day}. L’e-mail que nous vous avons envoyé ramène ici.",
    failed: "L’export s’est arrêté\u202f: {reason}. Demandez-en un nouveau.",
    expired: "Cet export a été supprimé 7 jours après son écriture. Demandez-en un nouveau.",
    missing: "Cet export est introuvable.",
    started: "Commencé le {day} à {time}",
  },
});

/** `onEnded`: the export can no longer be downloaded (failed, expired, not found): the caller offers a new one. */
export function AccountExportView({ id, onEnded }: { id: string; onEnded?: () => void }) {
  const { api } = useApp();
  const t = useT(messages);
  const tc = useT(common);
  const region = useRegion();
  const [job, setJob] = useState<AccountExport>();
  const [error, setError] = useState<unknown>();
  const read = () => must(api.GET("/me/export/{export_id}", { params: { path: { export_id: id } } }));
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const found = await read();
        if (stopped) return;
        setJob(found);
        setError(undefined);
        if (found.status === "running") timer = setTimeout(poll, POLL_MS);
        else if (found.status !== "done") onEnded?.();
      } catch (failure) {
        if (stopped) return;
        setError(failure);
        if (failure instanceof ApiError) onEnded?.();
        else timer = setTimeout(poll, RETRY_MS);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, id]);

  // A link read more than 15 minutes ago has expired: read a fresh one, then follow it.
  const follow = async (event: MouseEvent) => {
    if (!job?.download_expires_at || Date.parse(job.download_expires_at) > Date.now() + 30_000) return;
    event.preventDefault();
    const fresh = await read().catch((failure: unknown) => (setError(failure), undefined));
    if (fresh?.download_url) {
      setJob(fresh);
      location.assign(fresh.download_url);
    }
  };

  const size = (bytes: number) => {
    const { unit, value } = sizeOf(bytes);
    return t(unit, { value: formatNumber(value, region) });
  };
  if (error !== undefined && !job) {
    return (
      <p class="notice error" role="alert">
        {error instanceof ApiError && error.status === 404 ? t("missing") : errorText(error, tc)}
      </p>
    );
  }
  if (!job) return <p class="muted">{tc("loading")}</p>;
  return (
    <div class="account-export">
      <p class="muted">
        {t("started", { day: formatDate(job.started_at, region), time: formatTime(job.started_at, region) })}
      </p>
      <p class="import-status" role="status">
        {job.status === "running"
          ? t("running", { count: job.items_written })
          : job.status === "done"
            ? t("done", { size: size(job.size ?? 0) })
            : job.status === "failed"
              ? t("failed", { reason: job.failure ?? "?" })
              : t("expired")}
      </p>
      {job.status === "running" && <progress aria-label={t("running", { count: job.items_written })} />}
      {job.status === "done" && job.download_url && (
        <>
          <p>
            <a class="button primary" href={job.download_url} download onClick={(event) => void follow(event)}>
              {t("download")}
            </a>
          </p>
          {job.expires_at && <p class="hint">{t("kept", { day: formatDate(job.expires_at, region) })}</p>}
        </>
      )}
      {error !== undefined && (
        <p class="field-error" role="alert">
          {errorText(error, tc)}
        </p>
      )}
    </div>
  );
}
