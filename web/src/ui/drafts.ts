/** What is being typed survives a reload and a sign-in on the way (a 401 sends the browser to the
 * sign-in page and back): kept in sessionStorage, per networker and form, until it is sent or
 * abandoned. Another account signing in on the same browser never sees it. */
import { useState } from "preact/hooks";
import { currentSession } from "../auth/session";

export function useDraft<T>(name: string, empty: T): [T, (value: T) => void, () => void] {
  const PREFIX = `rapport.draft.${currentSession()?.sub ?? "nobody"}.`;
  const [value, setValue] = useState<T>(() => {
    try {
      const kept = sessionStorage.getItem(PREFIX + name);
      return kept ? ({ ...empty, ...(JSON.parse(kept) as T) } as T) : empty;
    } catch {
      return empty;
    }
  });
  const keep = (next: T) => {
    sessionStorage.setItem(PREFIX + name, JSON.stringify(next));
    setValue(next);
  };
  const clear = () => {
    sessionStorage.removeItem(PREFIX + name);
    setValue(empty);
  };
  return [value, keep, clear];
}
