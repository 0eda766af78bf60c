/** Saving one section of the settings: PATCH /me with the version read, field errors, a spoken status. */
import { useState } from "preact/hooks";
import { ApiError, must, type Schemas } from "../../api/client";
import { useApp } from "../../app";
import { useT } from "../../i18n";
import { FormError } from "../../ui/kit";
import { common } from "../../ui/messages";
import { settingsWords, type SettingsKey } from "./messages";

type ProfilePatch = Schemas["ProfilePatch"];

export interface Said {
  key: SettingsKey;
  values?: Record<string, string>;
}

/** One section's write: `run` any call (a PATCH by `save`), its refusal and what to say once done. */
export function useSection() {
  const { api, profile, setProfile } = useApp();
  const [error, setError] = useState<unknown>();
  const [said, setSaid] = useState<Said>();
  const [busy, setBusy] = useState(false);
  /** `call` may say what it did (a Said), else `done` is said. */
  const run = async (call: () => Promise<unknown>, done: Said = { key: "saved" }): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    setSaid(undefined);
    try {
      const result = await call();
      setSaid(isSaid(result) ? result : done);
      return true;
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409 && failure.body?.errors?.[0]?.field === "version") {
        setProfile(await must(api.GET("/me"))); // saved elsewhere meanwhile: the next save goes on from there
        setSaid({ key: "changedElsewhere" });
      } else setError(failure);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const save = (body: ProfilePatch, done?: Said) =>
    run(async () => setProfile(await must(api.PATCH("/me", { body: { ...body, version: profile.version } }))), done);
  const fields: Record<string, string> = error instanceof ApiError ? error.fields : {};
  return { run, save, busy, error, said, fields };
}

const isSaid = (value: unknown): value is Said => typeof value === "object" && value !== null && "key" in value;

/** A form's submit button, with the refusal above it. */
export function SaveBar({ section, label }: { section: ReturnType<typeof useSection>; label?: string }) {
  const tc = useT(common);
  return (
    <>
      <FormError error={section.error} />
      <div class="buttons">
        <button type="submit" class="button primary" disabled={section.busy}>
          {label ?? tc("save")}
        </button>
      </div>
    </>
  );
}

/** What a section did, in a live region that is always there (so that a change is read out). */
export function Status({ said }: { said?: Said }) {
  const t = useT(settingsWords);
  return (
    <p class="saved" role="status">
      {said ? t(said.key, said.values) : ""}
    </p>
  );
}
