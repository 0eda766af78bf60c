/** Merging two contacts: which one stays, and the fields where the networker chooses between two values. */
import type { Contact, Schemas } from "../api/client";

export type MergeField = Schemas["MergeField"];
export type DuplicateSide = Schemas["DuplicateSide"];

/** The fields offered as a choice, in the order the contact page shows them. Notes are not a choice:
 * a merge joins them. */
export const CHOSEN_FIELDS = [
  "name",
  "company",
  "title",
  "how_we_met",
  "birthday",
  "linkedin_url",
  "why",
  "origin",
  "circle",
  "priority",
  "cadence",
] as const satisfies readonly MergeField[];

export type ChosenField = (typeof CHOSEN_FIELDS)[number];

/** The contact that stays: met before to meet, then the one touched last, then the older (its
 * touches, links and history are the ones a networker knows it by). Returns [stays, goes]. */
export function survivorOf<T extends { stage: string; last_touch_at?: string | null; created_at: string }>(
  pair: readonly [T, T],
): [T, T] {
  const [a, b] = pair;
  const score = (side: T) => [side.stage === "met" ? 1 : 0, side.last_touch_at ? Date.parse(side.last_touch_at) : 0];
  const [sa, sb] = [score(a), score(b)];
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i]! > sb[i]! ? [a, b] : [b, a];
  return Date.parse(a.created_at) <= Date.parse(b.created_at) ? [a, b] : [b, a];
}

const blank = (value: unknown) => value === null || value === undefined || value === "";

/** The fields where both contacts have a value and the values differ: the rest is filled without asking. */
export function conflicts(stays: Contact, goes: Contact): ChosenField[] {
  return CHOSEN_FIELDS.filter((field) => {
    const [mine, theirs] = [stays[field], goes[field]];
    return !blank(mine) && !blank(theirs) && JSON.stringify(mine) !== JSON.stringify(theirs);
  });
}

/** The merge's `take`: the fields where the networker chose the value of the contact that goes. */
export function takeOf(choices: Partial<Record<ChosenField, "stays" | "goes">>): MergeField[] {
  return CHOSEN_FIELDS.filter((field) => choices[field] === "goes");
}
