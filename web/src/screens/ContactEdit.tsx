/** Create or edit a contact. The API checks every field; its reasons are shown next to their fields. */
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { ApiError, must, type Schemas } from "../api/client";
import { useApp } from "../app";
import { defineMessages, useT } from "../i18n";
import { CIRCLES, STAGES, contactWords } from "../ui/contactWords";
import { useDraft } from "../ui/drafts";
import { Field, FormError, PageTitle, Show, TextField, useLoad } from "../ui/kit";
import { common } from "../ui/messages";

type Detail = Schemas["ContactDetail"];

const messages = defineMessages({
  en: {
    newTitle: "New contact",
    editTitle: "Edit {name}",
    name: "Name",
    emails: "Email addresses",
    phones: "Phone numbers",
    listHint: "One per line.",
    company: "Company",
    title: "Position",
    stage: "Stage",
    circle: "Circle",
    circleHint: "How close you are: it sets how often Rapport reminds you.",
    tags: "Tags",
    tagsHint: "Separate with commas.",
    howWeMet: "How you met",
    why: "Why meet them",
    priority: "Priority",
    linkedin: "LinkedIn profile",
    notes: "Notes",
    cadence: "Touch every … days (optional)",
    ideal: "Ideally every",
    max: "At most every",
    days: "days",
    create: "Add the contact",
  },
  fr: {
    newTitle: "Nouveau contact",
    editTitle: "Modifier {name}",
    name: "Nom",
    emails: "Adresses e-mail",
    phones: "Numéros de téléphone",
    listHint: "Une par ligne.",
    company: "Entreprise",
    title: "Poste",
    stage: "Étape",
    circle: "Cercle",
    circleHint: "Votre proximité\u202f: elle règle la fréquence des rappels.",
    tags: "Étiquettes",
    tagsHint: "Séparées par des virgules.",
    howWeMet: "Comment vous vous êtes rencontrés",
    why: "Pourquoi le ou la rencontrer",
    priority: "Priorité",
    linkedin: "Profil LinkedIn",
    notes: "Notes",
    cadence: "Un échange tous les … jours (facultatif)",
    ideal: "Idéalement tous les",
    max: "Au plus tous les",
    days: "jours",
    create: "Ajouter le contact",
  },
});

interface Form {
  name: string;
  emails: string;
  phones: string;
  company: string;
  title: string;
  stage: "to_meet" | "met";
  circle: Detail["circle"];
  tags: string;
  how_we_met: string;
  why: string;
  priority: NonNullable<Detail["priority"]>;
  linkedin_url: string;
  notes: string;
  ideal: string;
  max: string;
}

function formOf(contact?: Detail, name = "", stage: Form["stage"] = "met"): Form {
  return {
    name: contact?.name ?? name,
    emails: (contact?.emails ?? []).join("\n"),
    phones: (contact?.phones ?? []).join("\n"),
    company: contact?.company ?? "",
    title: contact?.title ?? "",
    stage: contact?.stage ?? stage,
    circle: contact?.circle ?? "network",
    tags: (contact?.tags ?? []).join(", "),
    how_we_met: contact?.how_we_met ?? "",
    why: contact?.why ?? "",
    priority: contact?.priority ?? "normal",
    linkedin_url: contact?.linkedin_url ?? "",
    notes: contact?.notes ?? "",
    ideal: contact?.cadence ? String(contact.cadence.ideal_days) : "",
    max: contact?.cadence ? String(contact.cadence.max_days) : "",
  };
}

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
const orNull = (text: string) => text.trim() || null;

/** The API's field (`emails[1]`, `cadence.max_days`) -> the form's field. */
function fieldOf(apiField: string): string {
  const head = apiField.replace(/^body\./, "").split(/[.[]/)[0] ?? apiField;
  return head === "cadence" ? (apiField.includes("max") ? "max" : "ideal") : head;
}

export function ContactEdit() {
  const { api } = useApp();
  const { params } = useRoute();
  const id = params.id;
  const loaded = useLoad<Detail | undefined>(
    () => (id ? must(api.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } })) : Promise.resolve(undefined)),
    [id],
  );
  if (!id) return <ContactForm />;
  return <Show loaded={loaded}>{(contact) => <ContactForm contact={contact} />}</Show>;
}

function ContactForm({ contact }: { contact?: Detail }) {
  const { api } = useApp();
  const t = useT(messages);
  const tw = useT(contactWords);
  const tc = useT(common);
  const location = useLocation();
  // Kept while typed: a sign-in on the way (a 401) comes back to the form as it was.
  const [form, setForm, clearForm] = useDraft<Form>(
    `contact-${contact?.contact_id ?? "new"}`,
    formOf(contact, location.query.name ?? "", location.query.stage === "to_meet" ? "to_meet" : "met"),
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const fields: Record<string, string> = {};
  if (error instanceof ApiError) for (const [field, reason] of Object.entries(error.fields)) fields[fieldOf(field)] ??= reason;
  const set = (change: Partial<Form>) => setForm({ ...form, ...change });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body = {
      name: form.name.trim(),
      emails: lines(form.emails),
      phones: lines(form.phones),
      company: orNull(form.company),
      title: orNull(form.title),
      stage: form.stage,
      circle: form.circle,
      tags: lines(form.tags),
      how_we_met: orNull(form.how_we_met),
      why: orNull(form.why),
      priority: form.priority,
      linkedin_url: orNull(form.linkedin_url),
      notes: orNull(form.notes),
      cadence: form.ideal || form.max ? { ideal_days: Number(form.ideal), max_days: Number(form.max) } : null,
    };
    try {
      const saved = contact
        ? await must(
            api.PATCH("/contacts/{contact_id}", {
              params: { path: { contact_id: contact.contact_id } },
              body: { ...body, version: contact.version },
            }),
          )
        : await must(api.POST("/contacts", { body }));
      clearForm();
      location.route(`/app/contacts/${saved.contact_id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const text = (name: keyof Form, label: string, extra: Record<string, unknown> = {}) => (
    <TextField
      name={name}
      label={label}
      value={form[name]}
      error={fields[name]}
      onValue={(value: string) => set({ [name]: value } as Partial<Form>)}
      {...extra}
    />
  );
  const area = (name: keyof Form, label: string, hint?: string) => (
    <Field label={label} hint={hint} error={fields[name]} id={`field-${name}`}>
      {(aria) => (
        <textarea
          {...aria}
          name={name}
          rows={2}
          value={form[name]}
          onInput={(event) => set({ [name]: (event.currentTarget as HTMLTextAreaElement).value } as Partial<Form>)}
        />
      )}
    </Field>
  );
  const choice = (name: "stage" | "circle" | "priority", label: string, options: readonly string[], hint?: string) => (
    <Field label={label} hint={hint} error={fields[name]} id={`field-${name}`}>
      {(aria) => (
        <select
          {...aria}
          name={name}
          value={form[name]}
          onChange={(event) => set({ [name]: (event.currentTarget as HTMLSelectElement).value } as Partial<Form>)}
        >
          {options.map((option) => (
            <option key={option} value={option}>
              {tw(option as keyof typeof contactWords.en)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <>
      <PageTitle>{contact ? t("editTitle", { name: contact.name }) : t("newTitle")}</PageTitle>
      <form class="form" onSubmit={submit} noValidate>
        <FormError error={error} />
        {text("name", t("name"), { required: true, autoComplete: "off" })}
        {choice("stage", t("stage"), STAGES)}
        {form.stage === "met" ? choice("circle", t("circle"), CIRCLES, t("circleHint")) : null}
        {form.stage === "to_meet" && text("why", t("why"))}
        {form.stage === "to_meet" && choice("priority", t("priority"), ["high", "normal", "low"])}
        {area("emails", t("emails"), t("listHint"))}
        {area("phones", t("phones"), t("listHint"))}
        {text("company", t("company"))}
        {text("title", t("title"))}
        {text("tags", t("tags"), { hint: t("tagsHint") })}
        {text("how_we_met", t("howWeMet"))}
        {text("linkedin_url", t("linkedin"), { type: "url" })}
        {area("notes", t("notes"))}
        <fieldset class="inline">
          <legend>{t("cadence")}</legend>
          {text("ideal", t("ideal"), { type: "number", min: 1, inputMode: "numeric" } as const)}
          {text("max", t("max"), { type: "number", min: 1, inputMode: "numeric" } as const)}
        </fieldset>
        <div class="buttons">
          <button type="submit" class="button primary large" disabled={busy}>
            {contact ? tc("save") : t("create")}
          </button>
          <a class="button" href={contact ? `/app/contacts/${contact.contact_id}` : "/app/contacts"} onClick={clearForm}>
            {tc("cancel")}
          </a>
        </div>
      </form>
    </>
  );
}
