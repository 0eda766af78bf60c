"""The few pages a browser opens (the confirmation link): small, self-contained, in the networker's language."""

from __future__ import annotations

from html import escape

from rapport.domain.locale import Locale

_CONFIRMED = {
    Locale.EN: (
        "Address confirmed",
        "Mail you forward or BCC from <b>{address}</b> to your Rapport address is now logged.",
    ),
    Locale.FR: (
        "Adresse confirmée",
        "Les e-mails que vous transférez ou mettez en copie cachée depuis <b>{address}</b> "
        "vers votre adresse Rapport sont désormais enregistrés.",
    ),
}


def _page(title: str, body: str, lang: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Rapport</title></head>"
        '<body style="font-family: system-ui, sans-serif; max-width: 36em; margin: 4em auto; padding: 0 1em">'
        f"<h1>{escape(title)}</h1><p>{body}</p></body></html>"
    )


def confirmed(address: str, locale: Locale) -> str:
    title, text = _CONFIRMED.get(locale, _CONFIRMED[Locale.EN])
    return _page(title, text.format(address=escape(address)), locale.value)


def confirmation_failed(reason: str) -> str:
    """The networker is unknown here (the link is all there is): both languages."""
    body = f"{escape(reason)}.<br><br>Ce lien est inconnu, déjà utilisé ou expiré\u202f: demandez-en un nouveau."
    return _page("This link does not work · Ce lien ne fonctionne pas", body, "en")


# Email actions (the digest's links): what a link will do, what it did, in the networker's language.
_ACTIONS = {
    Locale.EN: {
        "someone": "this reminder",
        "ask_done": ("Mark as done: {who}", "Rapport marks it done as soon as you confirm.", "Done"),
        "ask_snooze": ("Snooze a week: {who}", "It comes back in a week once you confirm.", "Snooze a week"),
        "ask_unsubscribe": (
            "Stop the digest emails?",
            "Rapport will stop emailing you the daily digest. You can turn it back on in your settings.",
            "Stop the digest emails",
        ),
        "did_done": ("Done: {who}", "It is marked as done in Rapport."),
        "did_snooze": ("Snoozed: {who}", "It comes back in a week."),
        "did_unsubscribe": ("Digest emails stopped", "Rapport will not email you the daily digest any more."),
        "already": ("Already done", "This link was used already: there is nothing more to do."),
        "app": "Open Rapport",
        "settings": "Your settings",
    },
    Locale.FR: {
        "someone": "ce rappel",
        "ask_done": ("Marquer comme fait\u202f: {who}", "Rapport le note dès que vous confirmez.", "Fait"),
        "ask_snooze": (
            "Reporter d'une semaine\u202f: {who}",
            "Il reviendra dans une semaine dès que vous confirmez.",
            "Reporter d'une semaine",
        ),
        "ask_unsubscribe": (
            "Ne plus recevoir le résumé par e-mail\u202f?",
            "Rapport cessera de vous envoyer le résumé quotidien par e-mail. Vous pourrez le réactiver dans"
            " vos réglages.",
            "Ne plus le recevoir",
        ),
        "did_done": ("Fait\u202f: {who}", "C'est noté dans Rapport."),
        "did_snooze": ("Reporté\u202f: {who}", "Il reviendra dans une semaine."),
        "did_unsubscribe": (
            "Résumé par e-mail arrêté",
            "Rapport ne vous enverra plus le résumé quotidien par e-mail.",
        ),
        "already": ("Déjà fait", "Ce lien a déjà servi\u202f: il n'y a plus rien à faire."),
        "app": "Ouvrir Rapport",
        "settings": "Vos réglages",
    },
}


def action_asked(locale: Locale, action: str, name: str | None, *, submit_now: bool, app_url: str) -> str:
    """Before acting: a button that POSTs to this same address. A mail scanner fetching the link acts on
    nothing; a person's browser submits at once when `submit_now` (a line's link), else the button waits."""
    words = _ACTIONS[locale]
    title, text, button = words[f"ask_{action}"]
    title = title.format(who=name or words["someone"])
    form = (
        '<form method="post">'
        f'<button type="submit" style="font-size: 1.1em; padding: .5em 1em">{escape(button)}</button></form>'
    )
    script = "<script>document.forms[0].submit()</script>" if submit_now else ""
    return _page(title, f"{escape(text)}</p>{form}{script}<p>{_to_the_app(words, app_url)}", locale.value)


def action_taken(locale: Locale, action: str, name: str | None, *, already: bool, app_url: str) -> str:
    words = _ACTIONS[locale]
    title, text = words["already"] if already else words[f"did_{action}"]
    title = title.format(who=name or words["someone"])
    return _page(title, f"{escape(text)}<br><br>{_to_the_app(words, app_url)}", locale.value)


def _to_the_app(words: dict, app_url: str) -> str:
    app = escape(app_url, quote=True)
    return (
        f'<a href="{app}/app">{escape(words["app"])}</a> · <a href="{app}/app/settings">{escape(words["settings"])}</a>'
    )


def action_failed(reason: str) -> str:
    """The link names nobody we can trust (unknown, changed, expired): both languages."""
    body = (
        f"{escape(reason)}.<br><br>Ce lien est inconnu, modifié ou expiré\u202f: agissez depuis le dernier résumé"
        " ou dans Rapport."
    )
    return _page("This link does not work · Ce lien ne fonctionne pas", body, "en")
