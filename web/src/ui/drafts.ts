/** What is being typed survives a reload and a sign-in on the way (a 401 sends the browser to the
 * sign-in page and back): kept in sessionStorage, per form, until it is sent or abandoned. */
import { useState } from "preact/hooks";

const PREFIX = "rapport.draft.";

export function useDraft<T>(name: string, empty: T): [T, (value: T) => void, () => void] {
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
