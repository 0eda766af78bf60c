/** After the account was deleted and signed out: what happened, and the way back in (a new account). */
import type { Config } from "../config";
import { signIn } from "../auth/session";
import { defineMessages, translator, type Locale } from "../i18n";

const messages = defineMessages({
  en: {
    title: "Goodbye",
    gone: "Your account is deleted: everything in it is gone within minutes.",
    thanks: "Thank you for keeping in touch with Rapport. Your relationships are still yours.",
    again: "Start a new account",
  },
  fr: {
    title: "Au revoir",
    gone: "Votre compte est supprimé\u202f: tout ce qu’il contenait disparaît d’ici quelques minutes.",
    thanks: "Merci d’avoir entretenu vos liens avec Rapport. Vos relations restent les vôtres.",
    again: "Créer un nouveau compte",
  },
});

export function Goodbye({ config, locale }: { config: Config; locale: Locale }) {
  const t = translator(messages, locale);
  document.title = `${t("title")} · Rapport`;
  return (
    <main class="welcome goodbye" id="main">
      <img src="/icons/icon.svg" alt="" width="72" height="72" />
      <h1>{t("title")}</h1>
      <p class="tagline">{t("gone")}</p>
      <p>{t("thanks")}</p>
      <button type="button" class="button large" onClick={() => void signIn(config)}>
        {t("again")}
      </button>
    </main>
  );
}
