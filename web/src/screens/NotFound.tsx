import { defineMessages, useT } from "../i18n";
import { PageTitle } from "../ui/kit";

const messages = defineMessages({
  en: { title: "Page not found", back: "Back to today" },
  fr: { title: "Page introuvable", back: "Revenir à aujourd’hui" },
});

export function NotFound() {
  const t = useT(messages);
  return (
    <>
      <PageTitle>{t("title")}</PageTitle>
      <a href="/">{t("back")}</a>
    </>
  );
}
