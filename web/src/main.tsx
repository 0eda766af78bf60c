/** Start: where the API is, who is signed in (back from the sign-in page, perhaps), then the app. */
import { render } from "preact";
import { createApi, must } from "./api/client";
import { CALLBACK_PATH, completeSignIn, currentSession, farewell } from "./auth/session";
import { loadConfig } from "./config";
import { keepProfile, keptProfile } from "./offline/people";
import { browserLocale } from "./i18n";
import { Root } from "./Root";
import { Welcome } from "./screens/Welcome";
import "./styles.css";

async function start(): Promise<void> {
  const target = document.getElementById("app")!;
  const config = await loadConfig();
  target.textContent = ""; // the boot line
  if (location.pathname === CALLBACK_PATH) {
    const next = await completeSignIn(config, new URL(location.href)).catch(() => "/");
    history.replaceState(null, "", next); // the code leaves the address bar and the history
  }
  const session = currentSession();
  if (!session) {
    const goodbye = farewell();
    document.documentElement.lang = goodbye === "fr" || goodbye === "en" ? goodbye : browserLocale();
    if (goodbye) {
      const { Goodbye } = await import("./screens/Goodbye"); // once in an account's life: not in the first screen
      render(<Goodbye config={config} locale={goodbye === "fr" ? "fr" : "en"} />, target);
      return;
    }
    render(<Welcome config={config} />, target);
    return;
  }
  const api = createApi(config);
  const profile = await must(api.GET("/me")).then(
    (read) => (keepProfile(session.sub, read), read),
    (failure: unknown) => {
      const kept = failure instanceof TypeError ? keptProfile(session.sub) : null; // no network: as last seen
      if (!kept) throw failure;
      return kept;
    },
  );
  render(<Root config={config} api={api} session={session} initialProfile={profile} />, target);
}

if (import.meta.env.PROD && "serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}
start().catch((error: unknown) => {
  document.getElementById("app")!.innerHTML = "";
  const message = document.createElement("p");
  message.className = "notice error";
  message.setAttribute("role", "alert");
  message.textContent =
    browserLocale() === "fr"
      ? `Rapport n’a pas pu démarrer. Vérifiez votre connexion et rechargez la page. (${String(error)})`
      : `Rapport could not start. Check your connection and reload the page. (${String(error)})`;
  document.getElementById("app")!.append(message);
});
