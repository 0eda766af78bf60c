import { defineMessages } from "../i18n";

/** Circles, stages, priorities and statuses, as a networker reads them. */
export const contactWords = defineMessages({
  en: {
    inner: "Inner circle",
    active: "Active",
    network: "Network",
    loose: "Loose ties",
    to_meet: "To meet",
    met: "Met",
    high: "High",
    normal: "Normal",
    low: "Low",
    ok: "On track",
    due: "Due",
    overdue: "Overdue",
  },
  fr: {
    inner: "Premier cercle",
    active: "Actif",
    network: "Réseau",
    loose: "Liens lointains",
    to_meet: "À rencontrer",
    met: "Rencontré",
    high: "Haute",
    normal: "Normale",
    low: "Basse",
    ok: "À jour",
    due: "À recontacter",
    overdue: "En retard",
  },
});

export const CIRCLES = ["inner", "active", "network", "loose"] as const;
export const STAGES = ["to_meet", "met"] as const;
