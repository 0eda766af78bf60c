/** The choices of time zone and phone country, from the browser's own lists (Intl). */

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
