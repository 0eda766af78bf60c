/**
 * The introductions' double opt-in workflow as the app follows it: what each status allows (the
 * API's TRANSITIONS, shared/rapport/domain/introductions.py; anything else is a 409), which statuses
 * come with a draft.
 */
import type { Schemas } from "../api/client";

export type Introduction = Schemas["Introduction"];
export type IntroductionView = Schemas["IntroductionView"];
export type Status = Schemas["IntroductionStatus"];
export type Action = "ask" | "accept" | "decline" | "make" | "follow-up" | "cancel";
export type Opportunity = Schemas["OpportunityView"];

/** What can be done in each status, in workflow order (the API's TRANSITIONS; anything else is a 409). */
const ACTIONS: Record<Status, Action[]> = {
  suggested: ["ask", "cancel"],
  asked: ["accept", "decline", "cancel"],
  accepted: ["make", "cancel"],
  made: ["follow-up"],
  declined: [],
  followed_up: [],
  cancelled: [],
};

export function introActions(status: Status): Action[] {
  return ACTIONS[status] ?? [];
}

/** The statuses whose introduction comes with a draft to send: the ask, then the introduction to both. */
export const WITH_DRAFT: Status[] = ["asked", "accepted", "made"];
