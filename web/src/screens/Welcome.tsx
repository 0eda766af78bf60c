/** Before sign-in: what Rapport is, in a sentence, and the way in. */
import type { Config } from "../config";
import { signIn } from "../auth/session";
import { browserLocale, defineMessages, translator } from "../i18n";

const messages = defineMessages({
  en: {
    title: "Rapport",
    tagline: "Keep your real professional relationships alive: who is due for a touch today, in three taps.",
    signIn: "Sign in",
    local: "Local Rapport: any email signs in as its own account.",
  },
  fr: {
    title: "Rapport",
    tagline: "Entretenez vos vraies relations professionnelles\u202f: qui recontacter aujourd’hui, en trois gestes.",
    signIn: "Se connecter",
    local: "Rapport en local\u202f: chaque adresse e-mail ouvre son propre compte.",
  },
});

export function Welcome({ config }: { config: Config }) {
  const t = translator(messages, browserLocale());
  return (
    <main class="welcome" id="main">
      <img src="/icons/icon.svg" alt="" width="72" height="72" />
      <h1>{t("title")}</h1>
      <p class="tagline">{t("tagline")}</p>
      <button type="button" class="button primary large" onClick={() => void signIn(config)}>
        {t("signIn")}
      </button>
      {config.local && <p class="muted">{t("local")}</p>}
    </main>
  );
}
