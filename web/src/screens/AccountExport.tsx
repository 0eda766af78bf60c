/** An export of the whole account, as the email's link opens it (/app/settings/export/{id}): its state,
 * and the zip to download with a fresh link. */
import { useRoute } from "preact-iso";
import { defineMessages, useT } from "../i18n";
import { PageTitle } from "../ui/kit";
import { AccountExportView } from "./settings/AccountExportView";

const messages = defineMessages({
  en: { title: "Your data export", settings: "Back to settings", another: "Need a newer one? Ask for it in Settings." },
  fr: {
    title: "L’export de vos données",
    settings: "Retour aux réglages",
    another: "Besoin d’un export plus récent\u202f? Demandez-le dans les Réglages.",
  },
});

export function AccountExport() {
  const t = useT(messages);
  const exportId = useRoute().params.id!;
  return (
    <>
      <PageTitle
        actions={
          <a class="button quiet" href="/app/settings#settings-export">
            {t("settings")}
          </a>
        }
      >
        {t("title")}
      </PageTitle>
      <section class="card setting">
        <AccountExportView id={exportId} />
        <p class="hint">{t("another")}</p>
      </section>
    </>
  );
}
