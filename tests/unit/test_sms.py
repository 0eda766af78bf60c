import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from rapport.delivery.digest import Digest
from rapport.delivery.sms import GSM7, GSM7_EXTENSION, MAX_SEGMENTS, digest_sms, quiet_until, segments
from rapport.domain.contact import Contact
from rapport.domain.followup import Status
from rapport.domain.profile import Profile
from rapport.domain.ranking import Line
from rapport.domain.reminders import ReminderKind, reminder_id
from rapport.domain.views import ContactView

NOW = datetime(2026, 1, 1, 9, tzinfo=UTC)
TODAY = date(2026, 2, 1)
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def profile(locale: str) -> Profile:
    return Profile(networker_id="n1", name="Marie", emails=[], locale=locale, created_at=NOW, updated_at=NOW)


def due(name: str, reason: str = "2 mois sans nouvelles") -> Line:
    contact = Contact(
        contact_id="c1", name=name, declared_stage="met", stage="met", circle="active",
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    return Line(
        contact=ContactView.of(contact, TODAY), rank=1, score=10, status=Status.OVERDUE,
        reminder_ids=[reminder_id(ReminderKind.FOLLOW_UP, "c1", TODAY)], kinds=[ReminderKind.FOLLOW_UP],
        reasons=[reason, "anniversaire aujourd'hui"],
    )  # fmt: skip


def digest(*shown: Line, more: int = 0) -> Digest:
    return Digest(networker_id="n1", local_date=TODAY, shown=list(shown), more=more)


TODAY_URL = "https://app.example/app"


def texted(the_profile: Profile, the_digest: Digest) -> str:
    return digest_sms(the_profile, the_digest, TODAY_URL)


# Segments


def test_the_alphabet_is_the_gsm_default_alphabet_exactly():
    # Spelled again by code point, so that a look-alike (ç for Ç, a Latin A for a Greek Alpha) shows.
    ascii_part = {chr(c) for c in range(0x20, 0x7F)} - set("`^{}\\[~]|") | {"\n", "\r"}
    others = (
        0xA3, 0xA5, 0xE8, 0xE9, 0xF9, 0xEC, 0xF2, 0xC7, 0xD8, 0xF8, 0xC5, 0xE5, 0x394, 0x3A6, 0x393, 0x39B,
        0x3A9, 0x3A0, 0x3A8, 0x3A3, 0x398, 0x39E, 0xC6, 0xE6, 0xDF, 0xC9, 0xA4, 0xA1, 0xC4, 0xD6, 0xD1, 0xDC,
        0xA7, 0xBF, 0xE4, 0xF6, 0xF1, 0xFC, 0xE0,
    )  # fmt: skip
    assert GSM7 == ascii_part | {chr(c) for c in others} and len(GSM7) == 127
    assert GSM7_EXTENSION == {"\f", "^", "{", "}", "\\", "[", "~", "]", "|", "\u20ac"}


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Déjeuner avec Hélène à Genève, très réussi", "GSM-7"),
        ("Ça va ? Ångström, Ægir, ß, ΔΦΓΛΩΠΨΣΘΞ, ¿¡, Ñoño, Müller, Øre", "GSM-7"),
        ("Une fête", "UCS-2"),  # ê
        ("Un garçon", "UCS-2"),  # ç: only the capital Ç is in the alphabet
        ("Un cœur", "UCS-2"),  # œ
        ("À bientôt", "UCS-2"),  # À and ô
        ("aujourd’hui", "UCS-2"),  # the curly apostrophe
        ("Zoë et Anaïs", "UCS-2"),  # ë and ï
        ("Bravo 🎉", "UCS-2"),
    ],
)
def test_one_character_outside_the_alphabet_makes_the_whole_text_ucs2(text, encoding):
    assert segments(text).encoding == encoding


def test_extension_characters_take_two_septets():
    assert segments("{[€]}") == ("GSM-7", 1, 10)
    assert segments("€" * 80) == ("GSM-7", 1, 160)
    assert segments("€" * 81) == ("GSM-7", 2, 162)
    assert segments("a\fb") == ("GSM-7", 1, 4)


@pytest.mark.parametrize(
    ("length", "count"), [(1, 1), (159, 1), (160, 1), (161, 2), (305, 2), (306, 2), (307, 3), (459, 3), (460, 4)]
)
def test_gsm7_holds_160_alone_then_153_a_segment(length, count):
    assert segments("é" * length) == ("GSM-7", count, length)


@pytest.mark.parametrize(("length", "count"), [(1, 1), (69, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3)])
def test_ucs2_holds_70_alone_then_67_a_segment(length, count):
    assert segments("ê" * length) == ("UCS-2", count, length)


def test_an_emoji_is_two_code_units():
    assert segments("🎉") == ("UCS-2", 1, 2)
    assert segments("🎉" * 35) == ("UCS-2", 1, 70)
    assert segments("🎉" * 36) == ("UCS-2", 2, 72)


def test_a_character_never_straddles_two_segments():
    # 306 septets would make two segments, but the escape before the 77th € would end the first one.
    assert segments("a" * 152 + "€" * 77) == ("GSM-7", 3, 306)
    # Likewise a surrogate pair: 134 code units, yet three segments.
    assert segments("ê" * 66 + "🎉" * 34) == ("UCS-2", 3, 134)


def test_the_empty_text_is_one_message():
    assert segments("") == ("GSM-7", 1, 0)


# The digest as a text


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "Rapport: 5 to reach out to today\n1. Claire Martin - 2 months without news\n"
            "2. Paul Durand - birthday today\n+3 more: https://app.example/app",
        ),
        (
            "fr",
            "Rapport : 5 à contacter aujourd'hui\n1. Claire Martin - 2 mois sans nouvelles\n"
            "2. Paul Durand - anniversaire aujourd'hui\n+3 autres : https://app.example/app",
        ),
    ],
)
def test_each_person_is_numbered_with_the_most_pressing_reason(locale, expected):
    first, second = {
        "en": ("2 months without news", "birthday today"),
        "fr": ("2 mois sans nouvelles", "anniversaire aujourd'hui"),
    }[locale]
    shown = [due("Claire Martin", first), due("Paul Durand", second)]
    assert texted(profile(locale), digest(*shown, more=3)) == expected


def test_the_rest_is_counted_with_the_link_to_today_in_the_singular_too():
    assert texted(profile("fr"), digest(due("Claire Martin"), more=1)).endswith("\n+1 autre : https://app.example/app")
    assert texted(profile("en"), digest(due("Claire Martin"), more=1)).endswith("\n+1 more: https://app.example/app")
    assert "+" not in texted(profile("en"), digest(due("Claire Martin")))


def test_french_typography_is_texted_in_gsm7():
    line = due("Claire Martin", "à présenter à Paul\u202f« levée de fonds »\u202f: c’est l’heure")
    text = texted(profile("fr"), digest(line))
    assert "1. Claire Martin - à présenter à Paul \"levée de fonds\" : c'est l'heure" in text
    assert segments(text).encoding == "GSM-7"


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_rapport_words_stay_gsm7_and_names_are_kept_as_written(locale):
    assert segments(texted(profile(locale), digest(due("Hélène Dupré"), more=2))).encoding == "GSM-7"
    text = texted(profile(locale), digest(due("Françoise Lefèvre")))
    assert "Françoise Lefèvre" in text and segments(text).encoding == "UCS-2"


def test_a_name_stays_on_its_line():
    assert texted(profile("en"), digest(due("Claire\nMartin", "late"))).splitlines()[1] == "1. Claire Martin - late"


def test_lines_that_do_not_fit_are_dropped_from_the_end_and_counted():
    shown = [due(f"Bartholomew Featherstonehaugh-{i:02}", "late") for i in range(1, 21)]
    text = texted(profile("en"), digest(*shown, more=4))
    lines = text.splitlines()
    assert lines[0] == "Rapport: 24 to reach out to today"
    kept = lines[1:-1]
    assert kept == [f"{i}. Bartholomew Featherstonehaugh-{i:02} - late" for i in range(1, len(kept) + 1)]
    assert lines[-1] == f"+{24 - len(kept)} more: {TODAY_URL}"
    assert segments(text).parts == MAX_SEGMENTS


GSM7_PARTS = ["Claire", "Hélène", "Jean-Baptiste", "Søren", "Martin", "Dupré", "Müller", "Featherstone-Cholmondeley"]
OTHER_PARTS = ["Françoise", "Zoë", "Łukasz", "Nguyễn", "Ana 🌸", "李", "Ó Súilleabháin", "🎉", "Œuvray"]
REASONS = ["2 mois sans nouvelles", "anniversaire aujourd'hui", "à rencontrer", "45 jours sans nouvelles"]


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_never_over_two_segments_and_never_a_name_cut(locale):
    rng = random.Random(2026)
    for _ in range(300):
        parts = GSM7_PARTS + (OTHER_PARTS if rng.random() < 0.5 else [])  # half the digests all GSM-7
        shown = [due(" ".join(rng.choices(parts, k=rng.randint(2, 4))), rng.choice(REASONS)) for _ in range(20)]
        the_digest = digest(*shown, more=rng.randint(0, 30))
        text = texted(profile(locale), the_digest)
        assert segments(text).parts <= MAX_SEGMENTS, text
        lines = text.splitlines()
        expected = [f"{number}. {d.contact.name} - {d.reasons[0]}" for number, d in enumerate(shown, 1)]
        kept = len(lines) - 2  # the header and "+N": 20 people never fit in two segments
        assert lines[-1].startswith(f"+{the_digest.count - kept} ")
        if kept == 1 and lines[1] != expected[0]:  # the first person, too long with a reason: the name alone
            name = f"1. {shown[0].contact.name}"
            assert lines[1] == name or is_shortened(lines[1], name)
            continue
        assert lines[1 : 1 + kept] == expected[:kept]
        # Only what did not fit was dropped: one more line would not fit.
        assert segments("\n".join([*lines[: 1 + kept], expected[kept], lines[-1]])).parts > MAX_SEGMENTS


def is_shortened(line: str, full_line: str) -> bool:
    """`1. Jean-Bap...` for `1. Jean-Baptiste Martin`."""
    return line.endswith("...") and full_line.startswith(line.removesuffix("..."))


@pytest.mark.parametrize("name", ["Maximilienne " * 30, "Ana 🌸 " * 40, "Hubert" * 60])
def test_a_name_too_long_even_alone_is_shortened(name):
    text = texted(profile("fr"), digest(due(name.strip()), due("Paul Durand"), more=2))
    lines = text.splitlines()
    assert segments(text).parts <= MAX_SEGMENTS and lines[2] == f"+3 autres : {TODAY_URL}"
    assert is_shortened(lines[1], f"1. {name.strip()}")
    # Cut no more than needed: one more character (and the space before it) would not fit.
    assert segments(text).units > {"GSM-7": 306, "UCS-2": 134}[segments(text).encoding] - 3


# Quiet hours


@pytest.mark.parametrize(
    ("local", "until"),
    [
        (datetime(2026, 5, 4, 20, 59, 59), None),
        (datetime(2026, 5, 4, 21, 0), datetime(2026, 5, 5, 8, 0)),
        (datetime(2026, 5, 4, 23, 30), datetime(2026, 5, 5, 8, 0)),
        (datetime(2026, 5, 5, 0, 0), datetime(2026, 5, 5, 8, 0)),
        (datetime(2026, 5, 5, 7, 59, 59), datetime(2026, 5, 5, 8, 0)),
        (datetime(2026, 5, 5, 8, 0), None),
        (datetime(2026, 5, 5, 12, 0), None),
    ],
)
def test_quiet_from_nine_at_night_to_eight_in_the_morning(local, until):
    now = local.replace(tzinfo=PARIS)
    assert quiet_until(now) == (until and until.replace(tzinfo=PARIS))


def test_quiet_hours_within_a_day():
    lunch = {"start": time(12, 0), "end": time(14, 0)}
    assert quiet_until(datetime(2026, 5, 4, 11, 59, tzinfo=PARIS), **lunch) is None
    assert quiet_until(datetime(2026, 5, 4, 12, 0, tzinfo=PARIS), **lunch) == datetime(2026, 5, 4, 14, tzinfo=PARIS)
    assert quiet_until(datetime(2026, 5, 4, 14, 0, tzinfo=PARIS), **lunch) is None
    assert quiet_until(datetime(2026, 5, 4, 23, 0, tzinfo=PARIS), start=time(8), end=time(8)) is None


@pytest.mark.parametrize(
    ("zone", "evening", "offset", "night_hours"),
    [
        (PARIS, datetime(2026, 10, 24, 22, 0), timedelta(hours=1), 11),  # back from +02:00 to +01:00
        (NEW_YORK, datetime(2026, 10, 31, 22, 0), timedelta(hours=-5), 11),  # back from -04:00 to -05:00
        (PARIS, datetime(2026, 3, 28, 22, 0), timedelta(hours=2), 9),  # forward from +01:00 to +02:00
    ],
)
def test_a_clock_change_during_the_night_still_ends_at_eight(zone, evening, offset, night_hours):
    now = evening.replace(tzinfo=zone)
    until = quiet_until(now)
    assert until == datetime.combine(evening.date() + timedelta(days=1), time(8), tzinfo=zone)
    assert until.tzinfo is zone and until.utcoffset() == offset
    assert until.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=night_hours)


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        quiet_until(datetime(2026, 5, 4, 22, 0))
