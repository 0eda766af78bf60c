/** Small pieces every screen uses: loading and errors of a read, fields with their errors. */
import type { ComponentChildren, InputHTMLAttributes } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { useApp } from "../app";
import { useT } from "../i18n";
import { common } from "./messages";

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change; `reload()` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => current && (setData(value), setError(undefined), setLoading(false)),
      (failure) => current && (setError(failure), setLoading(false)),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return { data, error, loading, reload: useCallback(() => setRound((n) => n + 1), []) };
}

export function errorText(error: unknown, t: ReturnType<typeof useT<typeof common.en>>): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return t("errorNetwork");
  return t("errorGeneric", { message: String(error) });
}

/** A button's call: busy while it runs (and after it succeeded: the screen reads again), its error
 * kept to show by the button (`ActionError`), `then` run once it succeeded. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const act = async (call: () => Promise<unknown>, then?: () => void): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await call();
      then?.();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return { busy, error, act };
}

export function ActionError({ error }: { error: unknown }) {
  const t = useT(common);
  if (error === undefined) return null;
  return (
    <p class="field-error" role="alert">
      {errorText(error, t)}
    </p>
  );
}

/** What a read shows while it loads or when it failed, else its children. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const t = useT(common);
  const { online } = useApp();
  const failed = loaded.error !== undefined;
  useEffect(() => {
    if (online && failed) loaded.reload(); // the network is back: read again, untold
  }, [online]);
  if (loaded.error !== undefined && loaded.data === undefined) {
    return (
      <div class="notice error" role="alert">
        <p>{errorText(loaded.error, t)}</p>
        <button type="button" class="button" onClick={loaded.reload}>
          {t("retry")}
        </button>
      </div>
    );
  }
  if (loaded.data === undefined) return <p class="muted" aria-busy="true">{t("loading")}</p>;
  return <>{children(loaded.data)}</>;
}

type InputProps = InputHTMLAttributes<HTMLInputElement> & { name: string; value?: string };

/** A labelled input with the API's reason for its field under it (`errors[name]`). */
export function Field({
  label,
  error,
  hint,
  children,
  id,
}: {
  label: string;
  error?: string;
  hint?: string;
  id: string;
  children: (props: { id: string; "aria-invalid"?: boolean; "aria-describedby"?: string }) => ComponentChildren;
}) {
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": described || undefined })}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({
  label,
  error,
  hint,
  onValue,
  ...input
}: InputProps & { label: string; error?: string; hint?: string; onValue: (value: string) => void }) {
  return (
    <Field label={label} error={error} hint={hint} id={`field-${input.name}`}>
      {(aria) => (
        <input {...input} {...aria} onInput={(event) => onValue((event.currentTarget as HTMLInputElement).value)} />
      )}
    </Field>
  );
}

/** The form-level summary of a refused write: the message, and the fields to look at. */
export function FormError({ error }: { error: unknown }) {
  const t = useT(common);
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) notice.current?.focus(); // a phone shows where the form went wrong, not the button pressed
  }, [error]);
  if (!error) return null;
  return (
    <div class="notice error" role="alert" tabIndex={-1} ref={notice}>
      {error instanceof ApiError && error.body?.errors?.length ? t("checkFields") : errorText(error, t)}
    </div>
  );
}

/** A screen's title: the document's title too, and where the focus goes when the screen appears
 * (after a navigation, a screen reader starts there; lazy screens and loaded pages included). */
export function PageTitle({ children, actions }: { children: ComponentChildren; actions?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${typeof children === "string" ? children + " · " : ""}Rapport`;
  }, [children]);
  useEffect(() => {
    if (document.activeElement === document.body || heading.current?.closest("main")?.contains(document.activeElement) === false) {
      heading.current?.focus({ preventScroll: true });
    }
  }, []);
  return (
    <div class="page-title">
      <h1 tabIndex={-1} ref={heading}>
        {children}
      </h1>
      {actions && <div class="actions">{actions}</div>}
    </div>
  );
}
