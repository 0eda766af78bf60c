/** Where a touch came from, when the networker did not log it by hand: a small mark on the timeline. */
import type { Schemas } from "../api/client";
import { defineMessages, useT } from "../i18n";

export const sourceWords = defineMessages({
  en: {
    calendar: "from your calendar",
    email: "from a forwarded email",
    sms: "logged by text",
    import: "imported",
  },
  fr: {
    calendar: "depuis votre agenda",
    email: "depuis un e-mail transféré",
    sms: "noté par SMS",
    import: "importé",
  },
});

type Marked = keyof typeof sourceWords.en;
const marked = (source: string): source is Marked => source in sourceWords.en;

/** The mark of a touch's source; nothing for a touch logged in the app or through the API. */
export function SourceMark({ source }: { source: Schemas["Source"] }) {
  const t = useT(sourceWords);
  if (!marked(source)) return null;
  return (
    <span class={`badge origin ${source}`}>
      {source === "calendar" && <CalendarIcon />}
      {t(source)}
    </span>
  );
}

function CalendarIcon() {
  return (
    <svg class="icon" aria-hidden="true" focusable="false" width="14" height="14" viewBox="0 0 16 16">
      <rect x="1.5" y="2.5" width="13" height="12" rx="2" fill="none" stroke="currentColor" stroke-width="1.5" />
      <path d="M1.5 6.5h13M5 1v3M11 1v3" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
      <rect x="4" y="9" width="3" height="3" rx=".5" fill="currentColor" />
    </svg>
  );
}
