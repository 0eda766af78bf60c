/** The choices of time zone, phone country and time of day, from the browser's own lists (Intl). */

/** Every IANA zone the browser knows, with `current` kept even if it does not list it (UTC). */
export function timeZones(current: string): string[] {
  const known: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return known.includes(current) ? known : [current, ...known];
}

const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);

/** Countries as [ISO code, name in the networker's language], by name; `current` always among them. */
export function regions(locale: "en" | "fr", current: string): [string, string][] {
  const names = new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
  const found: [string, string][] = [];
  for (let first = 65; first <= 90; first++) {
    for (let second = 65; second <= 90; second++) {
      const code = String.fromCharCode(first, second);
      const name = NOT_COUNTRIES.has(code) ? undefined : names.of(code);
      if (name || code === current) found.push([code, name ?? code]);
    }
  }
  return found.sort((a, b) => a[1].localeCompare(b[1], locale));
}

/** Times of day ("HH:MM") every quarter of an hour, with `current` kept if it falls between. */
export function quarterHours(current: string): string[] {
  const times: string[] = [];
  for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
    times.push(`${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`);
  }
  return times.includes(current) ? times : [...times, current].sort();
}
