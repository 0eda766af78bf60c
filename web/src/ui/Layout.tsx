/** The frame of every screen: the navigation (a side bar on a laptop, a menu on a phone), the
 * state of the network and of the touches waiting, and "Log a touch" one tap away. */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { useApp } from "../app";
import { signOut } from "../auth/session";
import { useT } from "../i18n";
import type { Pending } from "../offline/outbox";
import { common } from "./messages";

const NAV = [
  ["/", "navToday"],
  ["/app/contacts", "navContacts"],
  ["/app/to-meet", "navToMeet"],
  ["/app/meetings", "navMeetings"],
  ["/app/help", "navHelp"],
  ["/app/mail", "navMail"],
  ["/app/imports", "navImports"],
  ["/app/week", "navWeek"],
  ["/app/settings", "navSettings"],
] as const;

function current(path: string, href: string): boolean {
  return href === "/" ? path === "/" || path === "/app" || path === "/app/" : path.startsWith(href);
}

export function Layout({ children }: { children: ComponentChildren }) {
  const t = useT(common);
  const { config, profile, online, outbox } = useApp();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [pending, setPending] = useState<Pending[]>(outbox.pending);
  useEffect(() => outbox.subscribe(setPending), [outbox]);
  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    if (!menuOpen) return;
    const close = (event: KeyboardEvent) => event.key === "Escape" && setMenuOpen(false);
    addEventListener("keydown", close);
    return () => removeEventListener("keydown", close);
  }, [menuOpen]);
  const waiting = pending.filter((touch) => !touch.refused);
  const refused = pending.filter((touch) => touch.refused);
  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t("skipToContent")}
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          <img src="/icons/icon.svg" alt="" width="28" height="28" />
          {t("appName")}
        </a>
        <button
          type="button"
          class="menu-button"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {menuOpen ? t("closeMenu") : t("menu")}
        </button>
      </header>
      <nav id="nav" class={menuOpen ? "nav open" : "nav"} aria-label={t("menu")}>
        <ul>
          {NAV.map(([href, key]) => (
            <li key={href}>
              <a href={href} aria-current={current(path, href) ? "page" : undefined}>
                {t(key)}
              </a>
            </li>
          ))}
        </ul>
        <p class="who">{profile.name}</p>
        <button
          type="button"
          class="link"
          onClick={() => {
            if (waiting.length === 0 || confirm(t("signOutWaiting", { count: waiting.length }))) void signOut(config);
          }}
        >
          {t("signOut")}
        </button>
      </nav>
      <main id="main">
        {!online && (
          <p class="notice offline" role="status">
            {t("offline")}
          </p>
        )}
        {waiting.length > 0 && (
          <p class="notice" role="status">
            {t("waiting", { count: waiting.length })}
          </p>
        )}
        {refused.map((touch) => (
          <div class="notice error" role="alert" key={touch.key}>
            <p>
              {touch.names.join(", ")} · {t("refusedTouch", { reason: touch.refused ?? "" })}
            </p>
            <button type="button" class="button small" onClick={() => outbox.discard(touch.key)}>
              {t("discard")}
            </button>
          </div>
        ))}
        {children}
        {!path.startsWith("/app/log") && (
          <a class="fab" href="/app/log">
            <span aria-hidden="true">+</span> {t("logTouch")}
          </a>
        )}
      </main>
    </div>
  );
}
