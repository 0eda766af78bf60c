import type { Schemas } from "../api/client";
import { defineMessages } from "../i18n";

/** The kinds of touch a networker logs by hand, the most common first (email comes by email). */
export const KINDS: Schemas["Kind"][] = [
  "coffee",
  "call",
  "message",
  "lunch",
  "meeting",
  "video_call",
  "event",
  "email",
  "greeting",
  "help",
  "introduction",
];

export const kindMessages = defineMessages({
  en: {
    meeting: "Meeting",
    coffee: "Coffee",
    lunch: "Lunch",
    call: "Call",
    video_call: "Video call",
    message: "Message",
    email: "Email",
    event: "Event",
    greeting: "Greetings",
    introduction: "Introduction",
    help: "Help",
  },
  fr: {
    meeting: "Rendez-vous",
    coffee: "Café",
    lunch: "Déjeuner",
    call: "Appel",
    video_call: "Visio",
    message: "Message",
    email: "E-mail",
    event: "Événement",
    greeting: "Vœux",
    introduction: "Mise en relation",
    help: "Coup de main",
  },
});
