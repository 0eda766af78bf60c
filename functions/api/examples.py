"""What Swagger UI shows: one networker's week, as the API takes it and answers it.

Léa Fontaine, in Paris, had a coffee at Loustic with Claire Martin (Fonds Horizon, who invests in seed
rounds) and introduces her to Marie Dupont (Lumen Bio, in the middle of a "levée de fonds"). Each
constant is a map of OpenAPI Example Objects, as request bodies and parameters (`openapi_examples=`) and
answers (`responses(..., examples=)`) take them: Swagger UI lists them by their summary, and schemathesis
sends them (their ids are nobody's on another account: 404). tests/integration/test_openapi.py checks
that every operation has them and that each is valid against its schema.
"""

from __future__ import annotations

CLAIRE = "01a1f84a95c07b88eb50ebb97b38f4f2"
MARIE = "01a1f84a95c0b18f10ce343c30ef2d0c"
THOMAS = "01a1f84a95c04e12da55e039c996f7db"
COFFEE = "01a1f84a95c0ea57eea00fc3c1b8e9f3"
MEETING = "01a1f84a95c098694cf321bf4f9c91d5"
INTRODUCTION = "01a1f84a95c04a2985301dddf09f089c"
OPPORTUNITY = "294ff17e5f43288fe46f5d9618f5fc35"
QUARANTINED = "58a26909bef4b624a690e3c737fdf718a4efc973"
IMPORT = "01a1f84a95c0d7d94389a437aff66fa5"
CAMPAIGN = "new_year-2027"
FOLLOW_UP = f"follow_up.{MARIE}.20261031"
NOW = "2026-11-20T09:30:00Z"
# Where the page of contacts below stops (after Claire), as the API encodes it.
_AFTER_CLAIRE = (
    "eyJwayI6Ik5XIzgyOWUyYTFmLTZhMDAtNDgwMy05NWJiLTAxNWQxYzRkMjQ3OCIsInNrIjoi"
    "QyMwMWExZjg0YTk1YzA3Yjg4ZWI1MGViYjk3YjM4ZjRmMiJ9"
)


def example(name: str, summary: str, value) -> dict:
    """One named example, as OpenAPI maps them."""
    return {name: {"summary": summary, "value": value}}


# ---------------------------------------------------------------- parameters
def an_id(summary: str, value: str) -> dict:
    return example("id", summary, value)


# ---------------------------------------------------------------- contacts
_CONTACT_CREATE = {
    "name": "Claire Martin",
    "emails": ["claire.martin@fondshorizon.fr"],
    "phones": ["+33 6 12 90 45 67"],
    "company": "Fonds Horizon",
    "title": "Associée",
    "how_we_met": "Présentée par Paul Durand au Web Summit 2025",
    "tags": ["investisseurs", "santé"],
    "offers": [{"label": "levée de fonds", "detail": "Tickets seed de 300 k€ à 1 M€ en santé"}],
    "birthday": {"day": 14, "month": 3},
    "circle": "inner",
    "cadence": {"ideal_days": 30, "max_days": 60},
}
NEW_CONTACT = example("claire", "Claire Martin, an investor met at the Web Summit", _CONTACT_CREATE)
CONTACT_CHANGE = example(
    "promoted", "Claire became managing partner", {"title": "Associée gérante", "tags": ["investisseurs", "santé"]}
)

_CLAIRE = {
    "contact_id": CLAIRE,
    "name": "Claire Martin",
    "emails": ["claire.martin@fondshorizon.fr"],
    "phones": ["+33612904567"],
    "company": "Fonds Horizon",
    "title": "Associée gérante",
    "how_we_met": "Présentée par Paul Durand au Web Summit 2025",
    "tags": ["investisseurs", "santé"],
    "needs": [],
    "offers": [
        {
            "label": "levée de fonds",
            "detail": "Tickets seed de 300 k€ à 1 M€ en santé",
            "noted_at": NOW,
            "confirmed_at": NOW,
        }
    ],
    "birthday": {"day": 14, "month": 3, "year": None},
    "notes": None,
    "linkedin_url": "https://www.linkedin.com/in/clairemartin",
    "why": None,
    "priority": "normal",
    "origin": None,
    "import_id": None,
    "circle": "inner",
    "cadence": {"ideal_days": 30, "max_days": 60},
    "created_at": NOW,
    "updated_at": NOW,
    "version": 3,
    "stage": "met",
    "last_touch_at": "2026-11-19T08:30:00Z",
    "first_met_at": "2026-11-19T08:30:00Z",
    "next_follow_up_on": "2026-12-19",
    "help_given": 0,
    "help_received": 0,
    "cadence_in_force": {"ideal_days": 30, "max_days": 60},
    "health": 99,
    "status": "ok",
    "days_since_last_touch": 1,
}
_NEEDS_FUNDING = [
    {"label": "levée de fonds", "detail": "Un seed de 1,5 M€ début 2027", "noted_at": NOW, "confirmed_at": None}
]
_MARIE = _CLAIRE | {
    "contact_id": MARIE,
    "name": "Marie Dupont",
    "emails": ["marie@lumenbio.fr"],
    "phones": [],
    "company": "Lumen Bio",
    "title": "CEO",
    "how_we_met": None,
    "tags": ["santé"],
    "needs": _NEEDS_FUNDING,
    "offers": [],
    "birthday": None,
    "linkedin_url": None,
    "circle": "active",
    "cadence": None,
    "created_at": "2026-10-01T09:00:00Z",
    "updated_at": "2026-10-01T09:00:00Z",
    "version": 1,
    "last_touch_at": "2026-10-01T08:30:00Z",
    "first_met_at": "2026-10-01T08:30:00Z",
    "next_follow_up_on": "2026-10-31",
    "cadence_in_force": {"ideal_days": 30, "max_days": 45},
    "health": 45,
    "status": "overdue",
    "days_since_last_touch": 50,
}
_THOMAS = _CLAIRE | {
    "contact_id": THOMAS,
    "name": "Thomas Bernard",
    "emails": [],
    "phones": [],
    "company": None,
    "title": None,
    "how_we_met": None,
    "tags": [],
    "offers": [],
    "birthday": None,
    "linkedin_url": None,
    "why": "Il investit en seed dans la santé",
    "priority": "high",
    "origin": "Web Summit",
    "circle": "network",
    "cadence": None,
    "version": 1,
    "stage": "to_meet",
    "last_touch_at": None,
    "first_met_at": None,
    "next_follow_up_on": None,
    "cadence_in_force": {"ideal_days": 90, "max_days": 135},
    "health": None,
    "status": None,
    "days_since_last_touch": None,
}
CURSOR = example("next", "The next page", _AFTER_CLAIRE)
CONTACT = example("claire", "Claire Martin, the day after a coffee", _CLAIRE)
CONTACT_PAGE = example(
    "page",
    "A first page of two contacts",
    {"items": [_THOMAS, _CLAIRE], "next_cursor": _AFTER_CLAIRE},
)
DUE = example(
    "due",
    "Two contacts due, ranked: Claire (inner circle) before Marie (active), as late against their cadence",
    {
        "items": [
            {
                "contact": _CLAIRE | {"health": 58, "status": "due", "days_since_last_touch": 50},
                "status": "due",
                "reason": "50 jours depuis le dernier contact ; idéalement tous les 30 jours",
            },
            {
                "contact": _MARIE,
                "status": "overdue",
                "reason": "50 jours depuis le dernier contact ; au plus 45 jours souhaités",
            },
        ]
    },
)

# ---------------------------------------------------------------- touches
NEW_TOUCH = example(
    "coffee",
    "A coffee at Loustic with Claire Martin",
    {
        "kind": "coffee",
        "direction": "mutual",
        "occurred_at": "2026-11-19T09:30:00+01:00",
        "contact_ids": [CLAIRE],
        "summary": "Café au Loustic : elle lève un deuxième fonds et cherche des dossiers seed en santé",
        "learned": [{"contact_id": CLAIRE, "offers": ["levée de fonds"]}],
    },
)
_COFFEE = {
    "interaction_id": COFFEE,
    "kind": "coffee",
    "direction": "mutual",
    "occurred_at": "2026-11-19T08:30:00Z",
    "contact_ids": [CLAIRE],
    "subject": None,
    "summary": "Café au Loustic : elle lève un deuxième fonds et cherche des dossiers seed en santé",
    "source": "api",
    "created_at": NOW,
}
TOUCH = example("coffee", "The coffee at Loustic, logged", _COFFEE)
TOUCH_PAGE = example("touches", "Claire's touches, newest first", {"items": [_COFFEE], "next_cursor": None})
RELEASED = example(
    "released",
    "The deck Marie's assistant sent, logged",
    _COFFEE
    | {
        "interaction_id": "01a1f84a95c0822f7c241f6f4f1dacd4",
        "kind": "email",
        "direction": "inbound",
        "occurred_at": "2026-11-20T09:25:00Z",
        "contact_ids": [MARIE],
        "subject": "Deck Lumen Bio",
        "summary": "Le deck de Lumen Bio",
        "source": "email",
    },
)

# ---------------------------------------------------------------- meetings
NEW_MEETING = example(
    "loustic",
    "Breakfast with Marie at Loustic to prepare her pitch",
    {
        "contact_ids": [MARIE],
        "starts_at": "2026-11-25T09:30:00+01:00",
        "place": "Loustic, 40 rue Chapon, Paris",
        "goal": "Préparer sa levée de fonds",
        "brief_minutes_before": 60,
    },
)
MEETING_CHANGE = example("later", "Half an hour later", {"starts_at": "2026-11-25T10:00:00+01:00", "version": 1})
HELD = example("held", "What came of it", {"summary": "Elle boucle son seed en mars ; je lui présente Claire"})
_MEETING = {
    "meeting_id": MEETING,
    "contact_ids": [MARIE],
    "starts_at": "2026-11-25T08:30:00Z",
    "place": "Loustic, 40 rue Chapon, Paris",
    "goal": "Préparer sa levée de fonds",
    "brief_minutes_before": 60,
    "held": False,
    "created_at": NOW,
    "updated_at": NOW,
    "version": 1,
}
MEETING_VIEW = example("loustic", "Breakfast at Loustic, planned", _MEETING)
MEETING_MOVED = example(
    "later", "Moved half an hour later", _MEETING | {"starts_at": "2026-11-25T09:00:00Z", "version": 2}
)
MEETING_HELD = example("held", "Held", _MEETING | {"held": True, "updated_at": "2026-11-25T10:30:00Z", "version": 2})
MEETINGS = example("coming", "The meetings to come", {"items": [_MEETING]})

# ---------------------------------------------------------------- reminders
REMINDER_DONE = example(
    "called", "Done: a call, logged as a touch", {"log_touch": True, "kind": "call", "summary": "Appel : tout va bien"}
)
SNOOZE = example("three_days", "Back in three days", {"days": 3})
_REMINDER = {
    "reminder_id": FOLLOW_UP,
    "kind": "follow_up",
    "contact": _MARIE,
    "due_on": "2026-10-31",
    "status": "overdue",
    "reason": "50 jours depuis le dernier contact ; au plus 45 jours souhaités",
    "short_reason": "50 jours sans nouvelles",
    "snoozed_until": None,
}
REMINDERS = example(
    "today",
    "A follow-up overdue and a person to meet, ranked",
    {
        "items": [
            _REMINDER,
            {
                "reminder_id": f"meet.{THOMAS}.20261120",
                "kind": "meet",
                "contact": _THOMAS,
                "due_on": "2026-11-20",
                "status": "due",
                "reason": "Demandez à Claire Martin de vous présenter Thomas Bernard : Il investit en seed dans la "
                "santé",
                "short_reason": "vous faire présenter par Claire Martin",
                "snoozed_until": None,
            },
        ],
        "people": [
            {
                "contact_id": MARIE,
                "name": "Marie Dupont",
                "rank": 1,
                "score": 50,
                "status": "overdue",
                "reminder_ids": [FOLLOW_UP],
                "kinds": ["follow_up"],
                "reasons": ["50 jours sans nouvelles"],
            },
            {
                "contact_id": THOMAS,
                "name": "Thomas Bernard",
                "rank": 2,
                "score": 14,
                "status": "due",
                "reminder_ids": [f"meet.{THOMAS}.20261120"],
                "kinds": ["meet"],
                "reasons": ["vous faire présenter par Claire Martin"],
            },
        ],
    },
)


def reminder_state(action: str, until: str | None = None) -> dict:
    return example(
        action,
        f"Marie's follow-up, {action}",
        {"reminder_id": FOLLOW_UP, "action": action, "until": until, "at": NOW},
    )
