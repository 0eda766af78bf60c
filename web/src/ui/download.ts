/** Files the API serves to a signed-in networker (the exports): fetched with the token, then saved by
 * the browser as a download (a plain link would carry no token). */
import { ApiError, type Api } from "../api/client";

/** The name the API gives the file (`Content-Disposition: attachment; filename="…"`), else `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return disposition?.match(/filename="?([^";]+)"?/i)?.[1]?.trim() || fallback;
}

export type DownloadPath = "/export/contacts.vcf" | "/export/contacts.csv";

/** Downloads one of the API's files and says its name; an ApiError when it is refused (a TypeError
 * without network). */
export async function download(api: Api, path: DownloadPath, fallback: string): Promise<string> {
  const { data, error, response } = await api.GET(path, { parseAs: "blob" });
  if (!response.ok || !(data instanceof Blob)) throw new ApiError(response.status, error as never);
  const filename = filenameOf(response.headers.get("Content-Disposition"), fallback);
  save(data, filename);
  return filename;
}

/** Hands a file to the browser to save, as a click on a download link does. */
export function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // after the browser has started reading it
}

/** A file's size to read: kilobytes under a megabyte, else megabytes, one decimal at most. */
export function sizeOf(bytes: number): { unit: "kb" | "mb"; value: number } {
  if (bytes < 1_000_000) return { unit: "kb", value: Math.max(1, Math.round(bytes / 100) / 10) };
  return { unit: "mb", value: Math.round(bytes / 100_000) / 10 };
}
