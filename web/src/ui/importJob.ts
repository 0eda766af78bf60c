/** Imports, the parts with logic: which files go, with which type, and where a job stands. */
import type { Schemas } from "../api/client";

export type ImportReport = Schemas["ImportReport"];

/** The API's limit for an uploaded export (functions/api/http_errors.py UPLOADS). */
export const MAX_UPLOAD_BYTES = 4_000_000;

export type Upload =
  | { contentType: "text/vcard" | "text/csv" | "application/zip" }
  | { problem: "type" | "size" | "empty" };

const VCARD_TYPES = ["text/vcard", "text/x-vcard", "text/directory"];

/** The Content-Type a chosen file goes with, from its name (browsers name a CSV's type in many ways), or why it cannot go. */
export function uploadOf(file: { name: string; size: number; type: string }): Upload {
  const name = file.name.toLowerCase();
  const contentType =
    name.endsWith(".vcf") || name.endsWith(".vcard") || VCARD_TYPES.includes(file.type)
      ? "text/vcard"
      : name.endsWith(".csv") || file.type === "text/csv"
        ? "text/csv"
        : name.endsWith(".zip") || file.type === "application/zip" || file.type === "application/x-zip-compressed"
          ? "application/zip"
          : undefined;
  if (!contentType) return { problem: "type" };
  if (file.size === 0) return { problem: "empty" };
  if (file.size > MAX_UPLOAD_BYTES) return { problem: "size" };
  return { contentType };
}

/** Megabytes with one decimal, for "this file is 5.2 MB". */
export function megabytes(bytes: number): number {
  return Math.round(bytes / 100_000) / 10;
}

/** LinkedIn's connections become contacts to meet; an address book's people, contacts met. */
export function fromLinkedIn(job: Pick<ImportReport, "format">): boolean {
  return (job.format ?? "linkedin") === "linkedin";
}

export interface Progress {
  /** People taken so far, never more than `total`. */
  done: number;
  total: number;
  /** 0 to 100, whole: 100 only once the job is done (a failed job stays where it stopped). */
  percent: number;
  /** The percent rounded down to a tenth, for a status read aloud now and then rather than every second. */
  step: number;
}

export function progressOf(job: Pick<ImportReport, "status" | "rows" | "processed">): Progress {
  const total = Math.max(job.rows, 0);
  const done = Math.min(Math.max(job.processed ?? 0, 0), total);
  const percent = job.status === "done" ? 100 : total === 0 ? 0 : Math.min(99, Math.floor((done / total) * 100));
  return { done, total, percent, step: Math.floor(percent / 10) * 10 };
}
