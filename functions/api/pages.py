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
