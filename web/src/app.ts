/** What every screen may use: the API client, the profile, the network's state, the touches waiting to be sent. */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Api, Profile } from "./api/client";
import type { Config } from "./config";
import type { Outbox } from "./offline/outbox";

export interface AppState {
  config: Config;
  api: Api;
  profile: Profile;
  setProfile: (profile: Profile) => void;
  outbox: Outbox;
  online: boolean;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error("useApp outside the app");
  return state;
}
