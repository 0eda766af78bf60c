"""The account export's zip layout, its README's words, and when an export expires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport.domain import account_archive
from rapport.domain.account_archive import Contents
from rapport.domain.account_exports import AccountExport, ExportStatus
from rapport.domain.locale import Locale

NOW = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
CONTENTS = Contents(
    items={"touch": 50000, "contact": 5000, "send": 3, "brand_new": 2}, contacts=5000, calendar=True, mails=7
)


def test_the_layout_names_one_file_a_type_and_a_mail_by_its_ses_id():
    assert account_archive.item_file("contact") == "items/contact.json"
    assert account_archive.mail_file("0100018c7f3a") == "mails/0100018c7f3a.eml"
    assert (account_archive.CONTACTS, account_archive.CALENDAR, account_archive.README) == (
        "contacts.vcf",
        "calendar.ics",
        "README.txt",
    )


def test_the_readme_says_what_each_file_is_in_french():
    text = account_archive.readme(Locale.FR, NOW, CONTENTS)
    lines = text.splitlines()
    assert lines[0] == "Votre compte Rapport, exporté le lundi 1er mars 2027"
    # one line per item file, by name, with its count and what it is (a type without words: its name)
    assert lines[lines.index("  items/brand_new.json (2)\u202f: brand new") + 1 :][:3] == [
        "  items/contact.json (5000)\u202f: vos contacts, avec tout ce que vous avez noté sur eux",
        "  items/send.json (3)\u202f: ce que Rapport vous a envoyé, par jour et par canal",
        "  items/touch.json (50000)\u202f: chaque échange à nouveau, dans l’historique de chaque contact concerné",
    ]
    assert "contacts.vcf (5000)\u202f: vos contacts en vCard 3.0, pour tout carnet d’adresses." in lines
    assert "calendar.ics\u202f: vos relances, anniversaires et rendez-vous en iCalendar, pour tout agenda." in lines
    assert any(line.startswith("mails/ (7)\u202f: les e-mails envoyés à votre adresse Rapport") for line in lines)
    assert lines[-1].startswith("Les secrets qui signent vos liens")


def test_the_readme_in_english_says_when_the_calendar_is_missing():
    text = account_archive.readme(Locale.EN, NOW, CONTENTS.model_copy(update={"calendar": False}))
    assert text.startswith("Your Rapport account, exported on Monday, March 1, 2027\n")
    assert "calendar.ics: not in this archive.\n" in text
    assert "  items/contact.json (5000): your contacts, with everything you wrote about them\n" in text


def test_a_done_export_expires_seven_days_after_it_was_written():
    done = AccountExport(export_id="x", status=ExportStatus.DONE, started_at=NOW, finished_at=NOW)
    assert done.expires_at == NOW + timedelta(days=7)
    assert done.seen_at(NOW + timedelta(days=7) - timedelta(seconds=1)).status is ExportStatus.DONE
    assert done.seen_at(NOW + timedelta(days=7)).status is ExportStatus.EXPIRED
    failed = AccountExport(export_id="y", status=ExportStatus.FAILED, started_at=NOW, finished_at=NOW, failure="x")
    assert failed.seen_at(NOW + timedelta(days=30)).status is ExportStatus.FAILED and failed.expires_at is None
