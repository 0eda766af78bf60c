"""Examples of introductions, of who knows whom and of the opportunities to help (see `examples`)."""

from __future__ import annotations

from urllib.parse import quote

from examples import CLAIRE, CONTACT, INTRODUCTION, MARIE, NOW, OPPORTUNITY, THOMAS, example

NEW_INTRODUCTION = example(
    "seed",
    "Marie raises a seed, Claire invests in seed rounds",
    {"contact_ids": [MARIE, CLAIRE], "reason": "Marie lève un seed pour Lumen Bio ; Claire investit en seed santé"},
)
ASK = example("marie_first", "Ask Marie first", {"contact_id": MARIE})
MAKE = example("two_weeks", "Ask how it went in two weeks", {"follow_up_days": 14})
_LF, _CRLF = "\n", "\r\n"  # a mailto body breaks its lines with CRLF (RFC 6068)
_SUBJECT = "Une mise en relation avec Claire Martin ?"
_BODY = (
    "Bonjour Marie,\n\nAimeriez-vous que je vous présente Claire Martin, Associée gérante chez Fonds Horizon ?\n\n"
    "Marie lève un seed pour Lumen Bio ; Claire investit en seed santé.\n\nSi cela vous intéresse, répondez-moi "
    "simplement et je vous mettrai en relation par e-mail. Et si le moment n'est pas le bon, aucun souci.\n\n"
    "Bien à vous,\nLéa Fontaine\n"
)
_INTRODUCTION = {
    "introduction_id": INTRODUCTION,
    "contact_ids": [MARIE, CLAIRE],
    "reason": "Marie lève un seed pour Lumen Bio ; Claire investit en seed santé",
    "status": "suggested",
    "asked_contact_id": None,
    "created_at": NOW,
    "asked_at": None,
    "accepted_at": None,
    "declined_at": None,
    "made_at": None,
    "followed_up_at": None,
    "cancelled_at": None,
    "follow_up_due_on": None,
    "updated_at": NOW,
    "version": 1,
}
_ASKED = _INTRODUCTION | {"status": "asked", "asked_contact_id": MARIE, "asked_at": NOW, "version": 2}
_ASK_DRAFT = {
    "subject": _SUBJECT,
    "body": _BODY,
    "recipients": ["marie@lumenbio.fr"],
    "mailto": f"mailto:marie@lumenbio.fr?subject={quote(_SUBJECT)}&body={quote(_BODY.replace(_LF, _CRLF))}",
}
INTRODUCTION_VIEW = example("asked", "Marie is asked first, with the mail to send", _ASKED | {"draft": _ASK_DRAFT})
SUGGESTED = example("suggested", "Suggested", _INTRODUCTION | {"draft": None})
CONTACT_DETAIL = example(
    "claire", "Claire Martin, and the introduction she is in", CONTACT["claire"]["value"] | {"introductions": [_ASKED]}
)
INTRODUCTIONS = example("open", "One introduction under way", {"items": [_ASKED]})


def introduction_at(status: str, moment: str, version: int, **changes) -> dict:
    """The introduction after an action, with the moment it was done."""
    value = _ASKED | {"status": status, f"{moment}_at": NOW, "version": version, "draft": None} | changes
    return example(status, f"Introduction {status.replace('_', ' ')}", value)


# ---------------------------------------------------------------- who knows whom
KNOWS = example("close", "Thomas knows Claire well", {"contact_id": CLAIRE, "closeness": "close"})
_KNOWN = {"contact_id": CLAIRE, "name": "Claire Martin", "closeness": "close", "noted_at": NOW}
KNOWN = example("claire", "Claire Martin, close", _KNOWN)
KNOWN_LIST = example("thomas", "Whom Thomas knows", {"items": [_KNOWN]})
PATHS = example(
    "through_claire",
    "Thomas, through Claire",
    {
        "contact_id": THOMAS,
        "paths": [
            {
                "score": 100,
                "first_hop_health": 100,
                "steps": [{"contact_id": CLAIRE, "name": "Claire Martin", "closeness": "close"}],
            }
        ],
    },
)
OPPORTUNITIES = example(
    "funding",
    "Marie's need meets Claire's offer",
    {
        "items": [
            {
                "opportunity_id": OPPORTUNITY,
                "need_contact_id": MARIE,
                "offer_contact_id": CLAIRE,
                "need_label": "levée de fonds",
                "offer_label": "levée de fonds",
                "concept": "fundraising",
                "labels_met": ["fundraising"],
                "score": 92,
                "reasons": ["labels met: fundraising", "need side: active circle", "offer side: inner circle"],
                "found_at": NOW,
                "dismissed_at": None,
                "need_contact_name": "Marie Dupont",
                "offer_contact_name": "Claire Martin",
                "sentence": "Marie Dupont cherche « levée de fonds » ; Claire Martin propose « levée de fonds » : les "
                "présenter ?",
            }
        ]
    },
)
MADE = introduction_at("made", "made", 4, accepted_at=NOW, follow_up_due_on="2026-12-04")
FOLLOWED_UP = introduction_at(
    "followed_up", "followed_up", 5, accepted_at=NOW, made_at=NOW, follow_up_due_on="2026-12-04"
)
