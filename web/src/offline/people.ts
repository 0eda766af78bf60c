/**
 * What the app needs to open and to log a touch without network, kept on the device for the
 * signed-in networker only (their id in the key; sign-out removes it): the last profile read, and
 * the people last seen in a search or the due list (id, name, company), to search offline.
 */
import type { Contact, Profile } from "../api/client";

export interface Person {
  contact_id: string;
  name: string;
  company?: string | null;
}

const PEOPLE_KEPT = 300;

function read<T>(key: string, empty: T): T {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? "null") as T | null) ?? empty;
  } catch {
    return empty;
  }
}

export function keepProfile(networkerId: string, profile: Profile): void {
  localStorage.setItem(`rapport.profile.${networkerId}`, JSON.stringify(profile));
}

export function keptProfile(networkerId: string): Profile | null {
  return read<Profile | null>(`rapport.profile.${networkerId}`, null);
}

export function keepPeople(networkerId: string, seen: Contact[]): void {
  const key = `rapport.people.${networkerId}`;
  const fresh = seen.map(({ contact_id, name, company }) => ({ contact_id, name, company }));
  const ids = new Set(fresh.map((person) => person.contact_id));
  const kept = [...fresh, ...read<Person[]>(key, []).filter((person) => !ids.has(person.contact_id))];
  localStorage.setItem(key, JSON.stringify(kept.slice(0, PEOPLE_KEPT)));
}

/** Case and accents folded, as the API's search folds them. */
export function folded(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

export function keptPeople(networkerId: string, q = ""): Person[] {
  const wanted = folded(q.trim());
  return read<Person[]>(`rapport.people.${networkerId}`, []).filter((person) =>
    folded(`${person.name} ${person.company ?? ""}`).includes(wanted),
  );
}
