/**
 * The introductions' double opt-in workflow as the app follows it: what each status allows (the
 * API's TRANSITIONS, shared/rapport/domain/introductions.py; anything else is a 409), which statuses
 * come with a draft, and which opportunities are still to act on.
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

/** Opportunities not yet acted on: a pair with an introduction (unless cancelled) is not proposed again. */
export function openOpportunities(opportunities: Opportunity[], introductions: Introduction[]): Opportunity[] {
  const pair = (a: string, b: string) => [a, b].sort().join(".");
  const taken = new Set(
    introductions
      .filter((intro) => intro.status !== "cancelled")
      .map((intro) => pair(intro.contact_ids[0] ?? "", intro.contact_ids[1] ?? "")),
  );
  return opportunities.filter((o) => !taken.has(pair(o.need_contact_id, o.offer_contact_id)));
}

