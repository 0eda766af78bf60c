"""SMS commands: what a networker's answer to a digest asks for, and what Rapport answers.

The property tests are deterministic (derandomize, no example database): a failure is reproduced by
running the test again.
"""

from __future__ import annotations

import time
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from rapport.delivery import sms_replies as replies
from rapport.delivery.sms import MAX_SEGMENTS, segments
from rapport.domain.locale import Locale
from rapport.domain.sms_commands import (
    DEFAULT_SNOOZE_DAYS,
    KIND_WORDS,
    MAX_CHARS,
    OPT_OUT_WORDS,
    Command,
    Dismiss,
    Done,
    Help,
    Log,
    OptIn,
    OptOut,
    Snooze,
    Unknown,
    is_opt_out,
    parse,
)
from rapport.domain.vocabulary import Kind

EN, FR = Locale.EN, Locale.FR
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


def unknown(text: str, reason: str = "not_a_command", language: Locale | None = None) -> Unknown:
    return Unknown(text=text, reason=reason, language=language)


# Done, snooze, dismiss ------------------------------------------------------------------------------

NUMBERED = [
    ("1", Done(numbers=(1,))),
    (" 1 ", Done(numbers=(1,))),
    ("1.", Done(numbers=(1,))),
    ("#2", Done(numbers=(2,))),
    ("1 3", Done(numbers=(1, 3))),
    ("1,3", Done(numbers=(1, 3))),
    ("1, 3 ,4", Done(numbers=(1, 3, 4))),
    ("3 1", Done(numbers=(3, 1))),  # the order typed, which the confirmation follows
    ("1 1 3 1", Done(numbers=(1, 3))),
    ("1-3", Done(numbers=(1, 2, 3))),
    ("1 – 3", Done(numbers=(1, 2, 3))),
    ("1 & 3", Done(numbers=(1, 3))),
    ("1 and 3", Done(numbers=(1, 3), language=EN)),
    ("1 et 3", Done(numbers=(1, 3), language=FR)),
    ("done 1", Done(numbers=(1,), language=EN)),
    ("Done 1 3", Done(numbers=(1, 3), language=EN)),
    ("DONE   1,3!", Done(numbers=(1, 3), language=EN)),
    ("done: 1 and 3", Done(numbers=(1, 3), language=EN)),
    ("did 2", Done(numbers=(2,), language=EN)),
    ("fait 1", Done(numbers=(1,), language=FR)),
    ("Fait 1 et 3", Done(numbers=(1, 3), language=FR)),
    ("FAIT 1 ET 3", Done(numbers=(1, 3), language=FR)),
    ("fini 2", Done(numbers=(2,), language=FR)),
    ("done 1 🎉", Done(numbers=(1,), language=EN)),  # emoji are punctuation here
    ("snooze 2 3d", Snooze(numbers=(2,), days=3, language=EN)),
    ("Snooze 2 1w", Snooze(numbers=(2,), days=7, language=EN)),
    ("snooze 2 3 days", Snooze(numbers=(2,), days=3, language=EN)),
    ("snooze 2 1 day", Snooze(numbers=(2,), days=1, language=EN)),
    ("snooze 2 2 weeks", Snooze(numbers=(2,), days=14, language=EN)),
    ("snooze 2 for 3 days", Snooze(numbers=(2,), days=3, language=EN)),
    ("snooze 2 a week", Snooze(numbers=(2,), days=7, language=EN)),
    ("snooze 2 week", unknown("snooze 2 week", "bad_number", EN)),  # 2 weeks of what?
    ("snooze 2 3", Snooze(numbers=(2,), days=3, language=EN)),  # days by default
    ("snooze 1 2 3d", Snooze(numbers=(1, 2), days=3, language=EN)),
    ("snooze 1 2 3", Snooze(numbers=(1, 2), days=3, language=EN)),
    ("snooze 1-3 2w", Snooze(numbers=(1, 2, 3), days=14, language=EN)),
    ("snooze 2", Snooze(numbers=(2,), days=DEFAULT_SNOOZE_DAYS, language=EN)),
    ("snooze 2 2 months", Snooze(numbers=(2,), days=60, language=EN)),
    ("snooze 2 365d", Snooze(numbers=(2,), days=365, language=EN)),
    ("postpone 2 3d", Snooze(numbers=(2,), days=3, language=EN)),
    ("reporter 2 3j", Snooze(numbers=(2,), days=3, language=FR)),
    ("Reporter 2 1s", Snooze(numbers=(2,), days=7, language=FR)),
    ("reporter 2 3 jours", Snooze(numbers=(2,), days=3, language=FR)),
    ("reporter 2 2 semaines", Snooze(numbers=(2,), days=14, language=FR)),
    ("reporter 2 de 3 jours", Snooze(numbers=(2,), days=3, language=FR)),
    ("reporter 2 d'une semaine", Snooze(numbers=(2,), days=7, language=FR)),
    ("reporter 2 une semaine", Snooze(numbers=(2,), days=7, language=FR)),
    ("reporter 1 et 2 3j", Snooze(numbers=(1, 2), days=3, language=FR)),
    ("REPORTER  2   3J", Snooze(numbers=(2,), days=3, language=FR)),
    ("repousser 2 1 mois", Snooze(numbers=(2,), days=30, language=FR)),
    ("reporter 2 3d", Snooze(numbers=(2,), days=3, language=FR)),  # the command word sets the language
    ("skip 2", Dismiss(numbers=(2,), language=EN)),
    ("Skip 2 4", Dismiss(numbers=(2, 4), language=EN)),
    ("dismiss 2", Dismiss(numbers=(2,), language=EN)),
    ("ignore 2", Dismiss(numbers=(2,), language=EN)),
    ("ignorer 2", Dismiss(numbers=(2,), language=FR)),
    ("IGNORER 2 et 3", Dismiss(numbers=(2, 3), language=FR)),
    ("passer 2", Dismiss(numbers=(2,), language=FR)),
]

# Out of range and wrong units give an Unknown whose reason says what to fix: the parser does not know
# the digest, so 7 of a 3-line digest is the caller's to answer (replies.unknown_number).
WRONG = [
    ("0", "bad_number", None),
    ("1000", "bad_number", None),
    ("100", "bad_number", None),
    ("99999999999999999999999999", "bad_number", None),
    ("done 0", "bad_number", EN),
    ("fait 1 et 0", "bad_number", FR),
    ("3-1", "bad_number", None),
    ("done", "bad_number", EN),
    ("fait", "bad_number", FR),
    ("skip", "bad_number", EN),
    ("snooze", "bad_number", EN),
    ("snooze 2 0d", "bad_duration", EN),
    ("snooze 2 366d", "bad_duration", EN),
    ("snooze 2 400", "bad_duration", EN),
    ("snooze 2 53w", "bad_duration", EN),
    ("snooze 2 3h", "bad_duration", EN),
    ("snooze 2 3 hours", "bad_duration", EN),
    ("snooze 2 1y", "bad_duration", EN),
    ("snooze 2 1m", "bad_duration", EN),  # minutes or months: not guessed
    ("reporter 2 3 heures", "bad_duration", FR),
    ("reporter 2 3a", "bad_duration", FR),
    ("reporter 0 3j", "bad_number", FR),
    ("1 3 please", "not_a_command", None),
    ("1st", "not_a_command", None),
    ("done 1 coffee", "not_a_command", EN),
    ("1 ٣", "not_a_command", None),  # digits of another script are not line numbers
    ("stop 2", "not_a_command", None),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERED)
def test_numbered_commands(text: str, expected: Command) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(("text", "reason", "language"), WRONG)
def test_wrong_numbers_and_units_say_why(text: str, reason: str, language: Locale | None) -> None:
    assert parse(text) == unknown(text, reason, language)


# Logging a touch -------------------------------------------------------------------------------------

LOGS = [
    (
        "log coffee Marie Dupont: talked about her fundraising",
        Log(touch=Kind.COFFEE, name="Marie Dupont", summary="talked about her fundraising", language=EN),
    ),
    (
        "café Marie Dupont : levée de fonds",
        Log(touch=Kind.COFFEE, name="Marie Dupont", summary="levée de fonds", language=FR),
    ),
    ("CAFE marie dupont", Log(touch=Kind.COFFEE, name="marie dupont", language=FR)),  # the name as typed
    ("Coffee with Marie Dupont", Log(touch=Kind.COFFEE, name="Marie Dupont", language=EN)),
    ("café avec Marie Dupont: x", Log(touch=Kind.COFFEE, name="Marie Dupont", summary="x", language=FR)),
    ("log call Paul", Log(touch=Kind.CALL, name="Paul", language=EN)),
    ("log  call   Paul  .", Log(touch=Kind.CALL, name="Paul", language=EN)),
    ("appel Paul : ok", Log(touch=Kind.CALL, name="Paul", summary="ok", language=FR)),
    ("noter appel Paul", Log(touch=Kind.CALL, name="Paul", language=FR)),
    ("log appel Paul", Log(touch=Kind.CALL, name="Paul", language=EN)),  # the first word that tells
    ("lunch Jean-Luc O'Neil: menu", Log(touch=Kind.LUNCH, name="Jean-Luc O'Neil", summary="menu", language=EN)),
    ("Déjeuner Zoé", Log(touch=Kind.LUNCH, name="Zoé", language=FR)),
    ("dejeuner Zoé", Log(touch=Kind.LUNCH, name="Zoé", language=FR)),
    ("message Paul: said congrats", Log(touch=Kind.MESSAGE, name="Paul", summary="said congrats", language=None)),
    ("texto Paul", Log(touch=Kind.MESSAGE, name="Paul", language=FR)),
    ("email Paul", Log(touch=Kind.EMAIL, name="Paul", language=None)),
    ("E-mail Paul", Log(touch=Kind.EMAIL, name="Paul", language=None)),
    ("mail Paul", Log(touch=Kind.EMAIL, name="Paul", language=None)),
    ("courriel Paul", Log(touch=Kind.EMAIL, name="Paul", language=FR)),
    ("meeting Paul Martin (Acme)", Log(touch=Kind.MEETING, name="Paul Martin (Acme)", language=EN)),
    ("rdv Paul", Log(touch=Kind.MEETING, name="Paul", language=FR)),
    ("RÉUNION Paul", Log(touch=Kind.MEETING, name="Paul", language=FR)),
    ("rendez-vous Paul", Log(touch=Kind.MEETING, name="Paul", language=FR)),
    ("log video call Jean", Log(touch=Kind.VIDEO_CALL, name="Jean", language=EN)),
    ("video Jean", Log(touch=Kind.VIDEO_CALL, name="Jean", language=None)),
    ("visio Jean", Log(touch=Kind.VIDEO_CALL, name="Jean", language=FR)),
    ("appel vidéo Jean", Log(touch=Kind.VIDEO_CALL, name="Jean", language=FR)),
    ("event Jean: demo day", Log(touch=Kind.EVENT, name="Jean", summary="demo day", language=EN)),
    ("événement Jean", Log(touch=Kind.EVENT, name="Jean", language=FR)),
    ("EVENEMENT Jean", Log(touch=Kind.EVENT, name="Jean", language=FR)),
    ("greetings to Jean", Log(touch=Kind.GREETING, name="Jean", language=EN)),
    ("vœux à Jean", Log(touch=Kind.GREETING, name="Jean", language=FR)),
    ("voeux Jean", Log(touch=Kind.GREETING, name="Jean", language=FR)),
    ("help given Jean: CV review", Log(touch=Kind.HELP, name="Jean", summary="CV review", language=EN)),
    ("coup de main à Jean", Log(touch=Kind.HELP, name="Jean", language=FR)),
    ("aide apportée Jean", Log(touch=Kind.HELP, name="Jean", language=FR)),
    ("café Marie : a : b", Log(touch=Kind.COFFEE, name="Marie", summary="a : b", language=FR)),  # the first ":"
    ("café Marie：merci", Log(touch=Kind.COFFEE, name="Marie", summary="merci", language=FR)),  # full-width colon
    ("café Marie :   ", Log(touch=Kind.COFFEE, name="Marie", language=FR)),
    ("café\tMarie\nDupont\n: a\n\nb\x00", Log(touch=Kind.COFFEE, name="Marie Dupont", summary="a b", language=FR)),
    ("café Ma\x07rie", Log(touch=Kind.COFFEE, name="Ma rie", language=FR)),
    ("café 李小龙", Log(touch=Kind.COFFEE, name="李小龙", language=FR)),
    ("café Cafe: nom", Log(touch=Kind.COFFEE, name="Cafe", summary="nom", language=FR)),
    ("café e\u0301lodie", Log(touch=Kind.COFFEE, name="élodie", language=FR)),  # decomposed accents composed
]

NO_NAME = [
    ("café", FR),
    ("log coffee", EN),
    ("log coffee: nice", EN),
    ("call 2", EN),
    ("appel 🙂", FR),
    ("café " + "a" * 201, FR),
]


@pytest.mark.parametrize(("text", "expected"), LOGS)
def test_logging_a_touch(text: str, expected: Log) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(("text", "language"), NO_NAME)
def test_a_touch_needs_a_name(text: str, language: Locale) -> None:
    assert parse(text) == unknown(text, "bad_name", language)


@pytest.mark.parametrize("text", ["log Marie Dupont", "log", "note", "coffeee Marie", "hello", "Merci !", "ok"])
def test_other_words_are_not_commands(text: str) -> None:
    assert parse(text).reason == "not_a_command"


def test_a_lone_surrogate_from_json_is_replaced_not_refused() -> None:
    assert parse("café Pa\ud800ul: x") == Log(touch=Kind.COFFEE, name="Pa\ufffdul", summary="x", language=FR)


def test_every_kind_but_introduction_can_be_logged() -> None:
    # An introduction involves two contacts and has its own workflow: not a one-line touch.
    assert {kind for kind, _ in KIND_WORDS.values()} == set(Kind) - {Kind.INTRODUCTION}


# Whole-message keywords ---------------------------------------------------------------------------

KEYWORDS = [
    ("STOP", OptOut()),
    ("stop", OptOut()),
    (" Stop. ", OptOut()),
    ("STOP!!", OptOut()),
    ("«stop»", OptOut()),
    ("STOPALL", OptOut()),
    ("unsubscribe", OptOut()),
    ("Cancel", OptOut()),
    ("END", OptOut()),
    ("quit", OptOut()),
    ("OPTOUT", OptOut()),
    ("opt-out", OptOut()),
    ("Opt out", OptOut()),
    ("REVOKE", OptOut()),
    ("ARRET", OptOut(language=FR)),
    ("ARRÊT", OptOut(language=FR)),
    ("arrêt", OptOut(language=FR)),
    ("ARRE\u0302T", OptOut(language=FR)),  # decomposed accent
    ("desabonner", OptOut(language=FR)),
    ("DÉSABONNER", OptOut(language=FR)),
    ("START", OptIn()),
    ("start.", OptIn()),
    ("UNSTOP", OptIn(language=EN)),
    ("demarrer", OptIn(language=FR)),
    ("Démarrer", OptIn(language=FR)),
    ("HELP", Help(language=EN)),
    ("help?", Help(language=EN)),
    ("INFO", Help()),
    ("aide", Help(language=FR)),
    ("AIDE !", Help(language=FR)),
    ("?", Help()),
]


@pytest.mark.parametrize(("text", "expected"), KEYWORDS)
def test_keywords(text: str, expected: Command) -> None:
    assert parse(text) == expected
    assert is_opt_out(text) is isinstance(expected, OptOut)


@pytest.mark.parametrize("text", ["stop it", "please stop", "stop 2", "STOP STOP", "s t o p", "stopp", "", "yes", "no"])
def test_only_the_whole_message_opts_out(text: str) -> None:
    assert not is_opt_out(text)
    assert not isinstance(parse(text), OptOut)


def test_opt_out_holds_for_long_padding_and_odd_input() -> None:
    assert is_opt_out(" " * 5000 + "STOP" + "\n" * 5000)
    assert isinstance(parse(" " * 5000 + "STOP" + "\n" * 5000), OptOut)
    assert not is_opt_out(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "reason"), [("", "empty"), ("  \n ", "empty"), ("...", "empty"), ("x" * 1601, "too_long")]
)
def test_empty_and_too_long(text: str, reason: str) -> None:
    command = parse(text)
    assert command == unknown(text[:MAX_CHARS], reason)


def test_too_long_is_cut_in_what_is_kept() -> None:
    text = "done 1 " + "🙂" * 5000
    assert parse(text) == unknown(text[:MAX_CHARS], "too_long")


@pytest.mark.parametrize("text", ["\ud800", "1 \udfff", "\ud800" * 2000, "x" * 1599 + "\ud83d\ude00"])
def test_lone_surrogates_never_reach_a_command(text: str) -> None:
    # JSON may carry "\\ud800"; a command holding one could not be written to a log or a table.
    command = parse(text)
    strings = [value for value in command.model_dump().values() if isinstance(value, str)]
    assert not any("\ud800" <= c <= "\udfff" for value in strings for c in value)
    command.model_dump_json()


# Properties --------------------------------------------------------------------------------------

ANY_CHAR = st.characters(exclude_categories=())  # surrogates and control characters included
VOCABULARY = [
    *{w for words in KIND_WORDS for w in words}, "log", "done", "fait", "snooze", "reporter", "skip", "ignorer",
    "et", "and", "&", "d", "j", "w", "s", "semaines", "days", "for", "de", "une", "a", "with", "avec", "à",
    "0", "1", "2", "3", "99", "100", "365", "366", "1-3", "3-1", ":", "：", ",", ".", "-", "!", "?", "'",
    "STOP", "Arrêt", "help", "aide", "start", "Café", "Marie", "Dupont", "É", "œ", "🙂", "\x00", "\ud800",
    "\u0301", "ﷺ", "٣", "\n", "\t", " ", "  ",
]  # fmt: skip
COMMAND_LIKE = st.lists(st.sampled_from(VOCABULARY) | st.text(ANY_CHAR, max_size=3), max_size=30).map(" ".join)
TEXTS = st.text(ANY_CHAR, max_size=2000) | COMMAND_LIKE
COMMAND = TypeAdapter(Command)


@SETTINGS
@given(TEXTS)
def test_parse_is_total_and_its_result_a_valid_command(text: str) -> None:
    command = parse(text)
    # A tagged union the handler can log and store, whatever characters the text held.
    assert COMMAND.validate_json(command.model_dump_json()) == command
    if isinstance(command, Unknown):
        assert len(command.text) <= MAX_CHARS


@SETTINGS
@given(
    word=st.sampled_from(sorted(OPT_OUT_WORDS)),
    case=st.lists(st.booleans(), min_size=12, max_size=12),
    before=st.text(" \t\r\n\u00a0", max_size=20),
    after=st.text(" \t\r\n\u00a0.!", max_size=20),
)
def test_every_opt_out_word_in_any_case_opts_out(word: str, case: list[bool], before: str, after: str) -> None:
    cased = "".join(c.upper() if up else c.lower() for c, up in zip(word, case, strict=False))
    text = before + cased + after
    assert is_opt_out(text)
    assert isinstance(parse(text), OptOut)


@SETTINGS
@given(st.text(ANY_CHAR, max_size=2000))
def test_opt_out_needs_an_opt_out_word(text: str) -> None:
    assert is_opt_out(text) == (
        unicodedata.normalize("NFC", text).strip(" \t\r\n\f\v\u00a0.,;:!?¡¿'\"`«»“”‘’()[]{}*-_…").casefold()
        in OPT_OUT_WORDS
    )


@pytest.mark.parametrize(
    "text",
    [
        "1" * MAX_CHARS, "1 " * 800, "1-" * 800, "-" * MAX_CHARS, "snooze " + "1 " * 796, "1 " + "et " * 530,
        "ﷺ" * MAX_CHARS, "café " + "a " * 797, "café " + ":" * 1595, "\u0301" * MAX_CHARS, "🙂" * 100_000,
    ],
)  # fmt: skip
def test_pathological_texts_are_read_quickly(text: str) -> None:
    start = time.perf_counter()
    parse(text)
    assert time.perf_counter() - start < 0.5  # milliseconds in practice; generous for loaded machines


# Replies ------------------------------------------------------------------------------------------------

MARIES = [replies.Candidate("Marie Dupont", "Acme"), replies.Candidate("Marie Durand")]
REPLIES = [
    (replies.done(["Marie Dupont", "Paul Martin"], EN), "Done: Marie Dupont, Paul Martin."),
    (replies.done(["Marie Dupont", "Paul Martin"], FR), "Fait : Marie Dupont, Paul Martin."),
    (replies.snoozed(["Paul"], date(2024, 12, 3), EN), "Snoozed until Tuesday, December 3: Paul."),
    (replies.snoozed(["Paul"], date(2024, 12, 3), FR), "Reporté au mardi 3 décembre : Paul."),
    (replies.dismissed(["Paul"], EN), "Skipped: Paul."),
    (replies.dismissed(["Paul"], FR), "Ignoré : Paul."),
    (replies.logged(Kind.COFFEE, "Marie Dupont", EN), "Logged: coffee with Marie Dupont."),
    (replies.logged(Kind.COFFEE, "Marie Dupont", FR), "Noté : café avec Marie Dupont."),
    (replies.logged(Kind.GREETING, "Paul", FR), "Noté : voeux à Paul."),
    (replies.unknown_number(7, 3, EN), "No reminder 7 in your last digest (1-3)."),
    (replies.unknown_number(7, 3, FR), "Pas de rappel 7 dans votre dernier résumé (1-3)."),
    (replies.unknown_number(2, 1, EN), "No reminder 2 in your last digest (1)."),
    (replies.unknown_number(1, 0, EN), "No reminder 1: no digest was sent to you lately."),
    (replies.unknown_number(1, 0, FR), "Pas de rappel 1 : aucun résumé ne vous a été envoyé récemment."),
    (
        replies.ambiguous_name(Kind.COFFEE, MARIES, EN),
        "Which one? Marie Dupont (Acme), Marie Durand. Answer: log coffee Marie Dupont: ...",
    ),
    (
        replies.ambiguous_name(Kind.COFFEE, MARIES, FR),
        "Qui exactement ? Marie Dupont (Acme), Marie Durand. Répondez : café Marie Dupont : ...",
    ),
    (
        replies.unknown_name("Marie Dupon", EN),
        "No contact named Marie Dupon. Check the spelling, or add them in Rapport first.",
    ),
    (
        replies.unknown_name("Marie Dupon", FR),
        "Aucun contact nommé Marie Dupon. Vérifiez l'orthographe, ou ajoutez ce contact dans Rapport.",
    ),
    (replies.opted_out(EN), "You will get no more texts from Rapport. Send START to resume."),
    (replies.opted_out(FR), "Vous ne recevrez plus de SMS de Rapport. Envoyez START pour reprendre."),
    (replies.opted_in(EN), "You will get texts from Rapport again. Send STOP to stop them."),
    (replies.opted_in(FR), "Vous recevrez de nouveau les SMS de Rapport. Envoyez STOP pour ne plus les recevoir."),
    (replies.not_understood("bad_duration", EN), "Snooze for 1 to 365 days, e.g. snooze 2 3d or snooze 2 1w"),
    (replies.not_understood("bad_duration", FR), "Reportez de 1 à 365 jours, par ex. reporter 2 3j ou reporter 2 1s"),
    (replies.not_understood("not_a_command", EN), "Not understood.\n" + replies.help_text(EN)),
    (replies.not_understood("empty", FR), "Je n'ai pas compris.\n" + replies.help_text(FR)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), REPLIES)
def test_replies(text: str, expected: str) -> None:
    assert text == expected


def _fixed_replies(locale: Locale) -> list[str]:
    reasons = ["empty", "too_long", "not_a_command", "bad_number", "bad_duration", "bad_name"]
    return [
        replies.help_text(locale), replies.opted_in(locale), replies.opted_out(locale),
        *(replies.not_understood(reason, locale) for reason in reasons),
        *(replies.logged(kind, "Paul", locale) for kind in Kind),
        replies.snoozed(["Paul"], date(2025, 2, 4), locale),
    ]  # fmt: skip


@pytest.mark.parametrize("locale", list(Locale))
def test_rapport_words_stay_gsm7_and_in_two_segments(locale: Locale) -> None:
    for text in _fixed_replies(locale):
        assert segments(text).encoding == "GSM-7", text
        assert segments(text).parts <= MAX_SEGMENTS, text


@pytest.mark.parametrize("locale", list(Locale))
def test_help_lists_the_commands_it_explains(locale: Locale) -> None:
    examples = {
        EN: ["done 1 3", "1 3", "snooze 2 3d", "skip 2", "log coffee Marie Dupont: notes"],
        FR: ["fait 1 3", "1 3", "reporter 2 3j", "ignorer 2", "café Marie Dupont : notes"],
    }
    for example in examples[locale]:
        assert example in replies.help_text(locale)
        assert not isinstance(parse(example), Unknown), example


@pytest.mark.parametrize("locale", list(Locale))
@pytest.mark.parametrize("kind", sorted(set(Kind) - {Kind.INTRODUCTION}))
def test_suggested_log_commands_parse_back(locale: Locale, kind: Kind) -> None:
    command = replies.LOG_COMMANDS[locale][kind]
    assert parse(f"{command} Marie Dupont: ...") == Log(
        touch=kind, name="Marie Dupont", summary="...", language=parse(f"{command} Marie Dupont").language
    )
    assert parse(f"{command} Marie Dupont").language in (locale, None)


def test_long_name_lists_are_cut_and_counted() -> None:
    names = [f"Person Number {i}" for i in range(40)]
    text = replies.done(names, EN)
    assert segments(text).parts <= MAX_SEGMENTS
    assert text.startswith("Done: Person Number 0, Person Number 1,")
    kept = text.count("Person Number")
    assert text.endswith(f" +{40 - kept} more.")
    assert replies.dismissed(names, FR).endswith(" autres.")


def test_a_name_too_long_alone_is_shortened() -> None:
    text = replies.logged(Kind.CALL, "🙂" * 300, EN)
    assert text.startswith("Logged: call with 🙂") and text.endswith("....")
    assert segments(text).parts <= MAX_SEGMENTS


def test_ambiguous_names_without_room_for_the_example_keep_the_names() -> None:
    candidates = [replies.Candidate("🙂" * 60, "Acme"), replies.Candidate("Marie Durand")]
    text = replies.ambiguous_name(Kind.COFFEE, candidates, EN)
    assert text.startswith("Which one? ") and "Answer" not in text
    assert segments(text).parts <= MAX_SEGMENTS


def test_reply_locale_follows_the_text_else_the_profile() -> None:
    assert replies.reply_locale(parse("fait 1"), EN) is FR
    assert replies.reply_locale(parse("done 1"), FR) is EN
    assert replies.reply_locale(parse("1"), FR) is FR
    assert replies.reply_locale(parse("STOP"), FR) is FR  # STOP is French too


NAMES = st.lists(st.text(ANY_CHAR.filter(lambda c: not "\ud800" <= c <= "\udfff"), max_size=250), max_size=30)


@SETTINGS
@given(names=NAMES, locale=st.sampled_from(list(Locale)), kind=st.sampled_from(list(Kind)))
def test_replies_always_fit_in_two_segments(names: list[str], locale: Locale, kind: Kind) -> None:
    name = names[0] if names else ""
    for text in [
        replies.done(names, locale),
        replies.snoozed(names, date(2025, 8, 2), locale),
        replies.dismissed(names, locale),
        replies.logged(kind, name, locale),
        replies.unknown_name(name, locale),
        replies.ambiguous_name(kind, [replies.Candidate(n, n[:20] or None) for n in names], locale),
    ]:
        assert segments(text).parts <= MAX_SEGMENTS, text
