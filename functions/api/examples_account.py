"""Examples of the networker's own side: profile, mail waiting, imports, seasons, the week (see `examples`)."""

from __future__ import annotations

from examples import CAMPAIGN, DUE, IMPORT, MARIE, NOW, QUARANTINED, THOMAS, example

# ---------------------------------------------------------------- profile
PROFILE_CHANGE = example(
    "paris",
    "In French, from Paris, with goals for the week",
    {
        "name": "Léa Fontaine",
        "region": "FR",
        "timezone": "Europe/Paris",
        "locale": "fr",
        "digest_time": "08:00",
        "digest_size": 7,
        "weekly_goals": {"new_people": 2, "touches": 5, "help_given": 1, "introductions": 1},
    },
)
PHONE = example("mobile", "A French mobile, as written in France", {"phone": "06 12 90 45 67"})
PHONE_CODE = example("code", "The code texted", {"code": "482915"})
CONFIRMATION = example("gmail", "A personal address added", {"email": "lea.fontaine@gmail.com"})
_API = "abc123def4.execute-api.eu-west-3.amazonaws.com"
_FEED = "q3ZJx0m8Vw4bTn7KfR2pLc9YhD5sGa1E_u6tN-oW0zM"
_PROFILE = {
    "networker_id": "829e2a1f-6a00-4803-95bb-015d1c4d2478",
    "name": "Léa Fontaine",
    "emails": [
        {"address": "lea@fontaine-conseil.fr", "verified": True},
        {"address": "lea.fontaine@gmail.com", "verified": False},
    ],
    "phone": "+33612904567",
    "sms_stopped": False,
    "region": "FR",
    "timezone": "Europe/Paris",
    "locale": "fr",
    "digest_time": "08:00",
    "digest_size": 7,
    "channels": {"email": True, "sms": True},
    "weekly_goals": {"new_people": 2, "touches": 5, "help_given": 1, "introductions": 1},
    "review_day": "friday",
    "review_time": "17:00",
    "greetings": [{"season": "new_year", "circles": ["inner", "active", "network"]}],
    "created_at": "2026-09-01T07:12:00Z",
    "updated_at": NOW,
    "version": 5,
    "inbound_address": "log+dvvlx2ivsdrnmqja@in.rapport.example",
    "calendar_feed_url": f"https://{_API}/calendar-feeds/{_FEED}.ics",
    "calendar_feed_webcal": f"webcal://{_API}/calendar-feeds/{_FEED}.ics",
}
PROFILE = example("lea", "Léa Fontaine, in Paris", _PROFILE)
PHONE_SENT = example(
    "sent", "A code texted, valid 10 minutes", {"phone": "+33612904567", "expires_at": "2026-11-20T09:40:00Z"}
)
CONFIRMATION_SENT = example(
    "sent", "A link sent, valid 7 days", {"email": "lea.fontaine@gmail.com", "expires_at": "2026-11-27T09:30:00Z"}
)
EMAIL_TOKEN = example("link", "From the link in the mail", "q3ZJx0m8Vw4bTn7KfR2pLc9YhD5sGa1E")
CONFIRMED_PAGE = example(
    "confirmed", "The page the link opens", "<!doctype html><html lang=fr>…<h1>Adresse confirmée</h1>…</html>"
)
ACTION_TOKEN = example(
    "link",
    "From a link in the digest",
    "eyJuIjoiMDE5NGM4ZjAtN2Q0Yi03MDAwLThiMmEtM2U0ZjVhNmI3YzhkIiwiYSI6ImRvbmUifQ.q3ZJx0m8Vw4bTn7KfR2pLc9YhD5sGa1E",
)
ACTION_PAGE = example(
    "asked", "The page the link opens", "<!doctype html><html lang=fr>…<form method=post>…<script>…</html>"
)
ACTION_TAKEN = example("done", "What was done", "<!doctype html><html lang=fr>…<h1>Fait : Anne Martin</h1>…</html>")
HEALTH = example("up", "Up", {"status": "ok"})

# ---------------------------------------------------------------- mail waiting
QUARANTINE = example(
    "assistant",
    "A message from Marie's assistant, not one of your addresses",
    {
        "items": [
            {
                "quarantine_id": QUARANTINED,
                "received_at": NOW,
                "reasons": [
                    {
                        "code": "unverified_sender",
                        "detail": "assistant@lumenbio.fr is not one of your verified addresses",
                    }
                ],
                "sender": {"name": None, "email": "assistant@lumenbio.fr"},
                "subject": "Deck Lumen Bio",
                "summary": "Le deck de Lumen Bio",
                "occurred_at": "2026-11-20T09:25:00Z",
                "direction": "inbound",
                "participants": [
                    {"name": None, "email": "assistant@lumenbio.fr"},
                    {"name": "Marie Dupont", "email": "marie@lumenbio.fr"},
                ],
                "raw_message": "s3://rapport-inbound-mail/raw/2c19s3yzwmzpeo6fkxlpro8cuu7g9m6kmm30ydyz",
                "expires_at": "2026-12-20T09:30:00Z",
            }
        ]
    },
)
SUGGESTIONS = example(
    "hugo",
    "Hugo, in copy of a mail to Claire",
    {
        "items": [
            {
                "email": "hugo@lumenbio.fr",
                "name": "Hugo Lambert",
                "seen": 1,
                "first_seen_at": NOW,
                "last_seen_at": NOW,
                "ignored": False,
                "quarantine_ids": [],
                "interaction_ids": ["01a1f84a95c0822f7c241f6f4f1dacd4"],
            }
        ]
    },
)
SUGGESTION_ACCEPT = example(
    "hugo", "Hugo, at Lumen Bio", {"name": "Hugo Lambert", "company": "Lumen Bio", "circle": "network"}
)
ACCEPTED = example(
    "hugo",
    "Hugo joins the mail he was in",
    {
        "contact": {
            "contact_id": "01a1f8b872c0b050942d321127a0aad9",
            "name": "Hugo Lambert",
            "emails": ["hugo@lumenbio.fr"],
            "company": "Lumen Bio",
            "circle": "network",
            "created_at": NOW,
            "updated_at": NOW,
            "version": 1,
            "stage": "met",
            "last_touch_at": NOW,
            "next_follow_up_on": "2027-02-18",
            "cadence_in_force": {"ideal_days": 90, "max_days": 135},
            "health": 100,
            "status": "ok",
            "days_since_last_touch": 0,
        },
        "released": [],
        "joined": ["01a1f84a95c0822f7c241f6f4f1dacd4"],
    },
)

# ---------------------------------------------------------------- imports
_JOB = {
    "import_id": IMPORT,
    "format": "vcard",
    "status": "running",
    "rows": 412,
    "processed": 0,
    "created": 0,
    "merged": 0,
    "skipped": 0,
    "rejected": 0,
    "started_at": NOW,
    "photos_skipped": 0,
    "finished_at": None,
    "failure": None,
}
IMPORT_JOB = example("started", "412 people to read", _JOB)
IMPORT_REPORT = example(
    "done",
    "Read: new contacts, known ones merged",
    _JOB
    | {
        "status": "done",
        "processed": 412,
        "created": 371,
        "merged": 38,
        "skipped": 2,
        "rejected": 1,
        "finished_at": "2026-11-20T09:31:12Z",
        "photos_skipped": 57,
        "rejections": [{"line": 268, "reason": "no name"}],
    },
)

# ---------------------------------------------------------------- seasons
_CAMPAIGN = {
    "campaign_id": CAMPAIGN,
    "season": "new_year",
    "year": 2027,
    "opens_on": "2027-01-01",
    "closes_on": "2027-01-31",
    "open": True,
    "total": 3,
    "greeted": 1,
    "progress": "Les vœux : 1 sur 3 salué",
    "left": [{"contact_id": MARIE, "name": "Marie Dupont"}, {"contact_id": THOMAS, "name": "Thomas Bernard"}],
}
CAMPAIGN_VIEW = example("new_year", "New Year greetings under way", _CAMPAIGN)
CAMPAIGNS = example("new_year", "This season's campaign", {"items": [_CAMPAIGN]})

# ---------------------------------------------------------------- the week
_WEEKS = [("2026-08-29", 2), ("2026-09-05", 4), ("2026-09-12", 3), ("2026-09-19", 6), ("2026-09-26", 1)]
_WEEKS += [("2026-10-03", 5), ("2026-10-10", 4), ("2026-10-17", 0), ("2026-10-24", 2), ("2026-10-31", 3)]
_WEEKS += [("2026-11-07", 5), ("2026-11-14", 6)]
_LAST_DAYS = ["2026-09-04", "2026-09-11", "2026-09-18", "2026-09-25", "2026-10-02", "2026-10-09", "2026-10-16"]
_LAST_DAYS += ["2026-10-23", "2026-10-30", "2026-11-06", "2026-11-13", "2026-11-20"]
WEEK = example(
    "this_week",
    "Three goals of four met; Marie became overdue",
    {
        "week": {"first": "2026-11-14", "last": "2026-11-20"},
        "results": [
            {"goal": "new_people", "target": 2, "actual": 2, "met": True},
            {"goal": "touches", "target": 5, "actual": 6, "met": True},
            {"goal": "help_given", "target": 1, "actual": 0, "met": False},
            {"goal": "introductions", "target": 1, "actual": 1, "met": True},
        ],
        "on_target": False,
        "streak": 0,
        "streak_before": 3,
        "cooling": [{"contact": DUE["due"]["value"]["items"][0]["contact"], "health_before": 62, "health_now": 45}],
        "unplanned": [],
        "touches_by_week": [
            {"first": first, "last": last, "touches": touches}
            for (first, touches), last in zip(_WEEKS, _LAST_DAYS, strict=True)
        ],
    },
)

# Exports (export_routes.py).
CONTACTS_VCARD = example(
    "contacts",
    "Two contacts",
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:01JF3ZKQ9W8X7V6T5S4R3Q2P1N\r\nBDAY:--0517\r\n"
    "EMAIL;TYPE=INTERNET:claire@acme.example\r\nFN:Claire Martin\r\nN:Martin;Claire;;;\r\nORG:Acme\r\n"
    "TEL:+33612345678\r\nTITLE:CTO\r\nURL:https://www.linkedin.com/in/clairemartin\r\nEND:VCARD\r\n…",
)
CONTACTS_CSV = example(
    "contacts",
    "In French",
    '\ufeff"Nom","E-mails","Téléphones","Entreprise","Poste","Anniversaire","LinkedIn","Étiquettes","Notes"\r\n'
    '"Claire Martin","claire@acme.example","\'+33612345678","Acme","CTO","\'--05-17",'
    '"https://www.linkedin.com/in/clairemartin","clients","Rencontrée à Lyon"\r\n…',
)

# The calendar feed (calendar_feed_routes.py).
CALENDAR_FEED_NAME = example("feed", "From calendar_feed_url", f"{_FEED}.ics")
CALENDAR_FEED = example(
    "feed",
    "A follow-up, in French",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rapport//Calendar feed//EN\r\nCALSCALE:GREGORIAN\r\n"
    "METHOD:PUBLISH\r\nX-WR-CALNAME:Rapport\u202f: votre réseau\r\n…\r\nBEGIN:VEVENT\r\n"
    "SUMMARY:Recontacter Anne Martin\r\nDTSTART;VALUE=DATE:20261203\r\nDTEND;VALUE=DATE:20261204\r\n"
    "UID:follow-up-0194c8f07d4b7000a1b2c3d4e5f60718@rapport\r\n…\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
)

# ---------------------------------------------------------------- account deletion
ACCOUNT_DELETION_CONFIRM = example(
    "confirm", "Your account's email, to confirm", {"confirm": "lea@fontaine-conseil.fr"}
)
ACCOUNT_DELETION = example(
    "under_way",
    "The deletion under way",
    {
        "deleting_since": "2026-11-20T09:30:00Z",
        "message": "Your account is being deleted: everything in it will be gone within minutes.",
    },
)
