/** A secret address of the networker's (the inbound address, the calendar feed): copied, or selected for
 * copying by hand when the browser refuses; rotated after a confirmation, the button focused again. */
import { useRef, useState } from "preact/hooks";
import { must } from "../api/client";
import { useApp } from "../app";
import { useT } from "../i18n";
import { errorText } from "./kit";
import { common } from "./messages";

type Rotation = "/me/inbound-address/rotate" | "/me/calendar-feed/rotate";
type Words = { copied: string; copyByHand: string; rotated: string };

export function useSecretAddress(address: string | null | undefined, rotation: Rotation, words: Words) {
  const { api, setProfile } = useApp();
  const [status, setStatus] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const shown = useRef<HTMLElement>(null);
  const rotateButton = useRef<HTMLButtonElement>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(address ?? "");
      setStatus(words.copied);
    } catch {
      if (shown.current) getSelection()?.selectAllChildren(shown.current);
      setStatus(words.copyByHand);
    }
  };
  const rotate = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setProfile(await must(api.POST(rotation)));
      setConfirming(false);
      setStatus(words.rotated);
      rotateButton.current?.focus();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { status, confirming, setConfirming, busy, error, shown, rotateButton, copy, rotate };
}

type ConfirmProps = {
  id: string;
  words: { confirmTitle: string; confirm: string; confirmYes: string };
  busy: boolean;
  error: unknown;
  rotate: () => Promise<void>;
  cancel: () => void;
};

/** "A new address?": what stops working, then yes or cancel. */
export function RotateConfirm({ id, words, busy, error, rotate, cancel }: ConfirmProps) {
  const tc = useT(common);
  return (
    <div id={id} class="notice confirm" role="group" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}>
        <strong>{words.confirmTitle}</strong>
      </p>
      <p>{words.confirm}</p>
      {error !== undefined && (
        <p class="field-error" role="alert">
          {errorText(error, tc)}
        </p>
      )}
      <div class="buttons">
        <button type="button" class="button primary" disabled={busy} onClick={() => void rotate()}>
          {words.confirmYes}
        </button>
        <button type="button" class="button quiet" disabled={busy} onClick={cancel}>
          {tc("cancel")}
        </button>
      </div>
    </div>
  );
}
