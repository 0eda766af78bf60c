/** The signed-in app: the profile's language and time zone, the network's state, the screens. */
import { useEffect, useMemo, useState } from "preact/hooks";
import { LocationProvider, Route, Router, lazy } from "preact-iso";
import type { Api, Profile } from "./api/client";
import { AppContext, type AppState } from "./app";
import type { Session } from "./auth/session";
import type { Config } from "./config";
import { RegionContext, type Locale } from "./i18n";
import { Outbox } from "./offline/outbox";
import { Layout } from "./ui/Layout";
import { Today } from "./screens/Today";
import { NotFound } from "./screens/NotFound";

const LogTouch = lazy(() => import("./screens/LogTouch").then((m) => m.LogTouch));
const Contacts = lazy(() => import("./screens/Contacts").then((m) => m.Contacts));
const Duplicates = lazy(() => import("./screens/Duplicates").then((m) => m.Duplicates));
const ContactPage = lazy(() => import("./screens/ContactPage").then((m) => m.ContactPage));
const ContactEdit = lazy(() => import("./screens/ContactEdit").then((m) => m.ContactEdit));
const ToMeet = lazy(() => import("./screens/ToMeet").then((m) => m.ToMeet));
const Meetings = lazy(() => import("./screens/Meetings").then((m) => m.Meetings));
const Help = lazy(() => import("./screens/Help").then((m) => m.Help));
const Mail = lazy(() => import("./screens/Mail").then((m) => m.Mail));
const Imports = lazy(() => import("./screens/Imports").then((m) => m.Imports));
const Week = lazy(() => import("./screens/Week").then((m) => m.Week));
const Settings = lazy(() => import("./screens/Settings").then((m) => m.Settings));
const AccountExport = lazy(() => import("./screens/AccountExport").then((m) => m.AccountExport));

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener("online", update);
    addEventListener("offline", update);
    return () => {
      removeEventListener("online", update);
      removeEventListener("offline", update);
    };
  }, []);
  return online;
}

export function Root(props: { config: Config; api: Api; session: Session; initialProfile: Profile }) {
  const [profile, setProfile] = useState(props.initialProfile);
  const online = useOnline();
  const outbox = useMemo(() => new Outbox(props.api, props.session.sub), [props.api, props.session.sub]);
  useEffect(() => {
    if (online) void outbox.flush();
  }, [online, outbox]);
  const locale: Locale = profile.locale === "fr" ? "fr" : "en";
  const region = useMemo(() => ({ locale, timeZone: profile.timezone ?? "UTC" }), [locale, profile.timezone]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const state: AppState = { config: props.config, api: props.api, profile, setProfile, outbox, online };
  return (
    <AppContext.Provider value={state}>
      <RegionContext.Provider value={region}>
        <LocationProvider>
          <Layout>
            <Router>
              <Route path="/" component={Today} />
              <Route path="/app" component={Today} />
              <Route path="/app/log" component={LogTouch} />
              <Route path="/app/contacts" component={Contacts} />
              <Route path="/app/contacts/new" component={ContactEdit} />
              <Route path="/app/contacts/duplicates" component={Duplicates} />
              <Route path="/app/contacts/:id/edit" component={ContactEdit} />
              <Route path="/app/contacts/:id" component={ContactPage} />
              <Route path="/app/to-meet" component={ToMeet} />
              <Route path="/app/meetings" component={Meetings} />
              <Route path="/app/help" component={Help} />
              <Route path="/app/mail" component={Mail} />
              <Route path="/app/imports" component={Imports} />
              <Route path="/app/week" component={Week} />
              <Route path="/app/settings" component={Settings} />
              <Route path="/app/settings/export/:id" component={AccountExport} />
              <Route default component={NotFound} />
            </Router>
          </Layout>
        </LocationProvider>
      </RegionContext.Provider>
    </AppContext.Provider>
  );
}
