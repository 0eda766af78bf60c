"""Finding the original message inside a forwarded email's text (rapport.mail)."""

import random
from datetime import datetime, timedelta, timezone

import pytest

from rapport.mail import Address, Forward, find_forward, forwarded_subject
from rapport.mail.dates import parse_date

JOHN = Address("John Doe", "john.doe@acme.com")
WALTER = Address("Walter Sheltan", "walter.sheltan@acme.com")
NICHOLAS = Address("Nicholas", "nicholas@globex.corp")


def found(text: str) -> Forward:
    forward = find_forward(text)
    assert forward is not None, text
    return forward


# Client shapes ---------------------------------------------------------------------------------------------


def test_gmail_english():
    forward = found(
        "FYI, see below.\n\n"
        "---------- Forwarded message ---------\n"
        "From: John Doe <john.doe@acme.com>\n"
        "Date: Wed, Oct 27, 2021 at 9:31 AM\n"
        "Subject: Integer consequat non purus\n"
        "To: <bessie.berry@acme.com>\n"
        "Cc: Walter Sheltan <walter.sheltan@acme.com>, Nicholas <nicholas@globex.corp>\n"
        "\n"
        "Aenean quis diam urna.\n"
        "\n"
        "Praesent ac ligula orci.\n"
    )
    assert forward == Forward(
        sender=JOHN,
        to=[Address(None, "bessie.berry@acme.com")],
        cc=[WALTER, NICHOLAS],
        date=datetime(2021, 10, 27, 9, 31),
        subject="Integer consequat non purus",
        body="Aenean quis diam urna.\n\nPraesent ac ligula orci.",
        kind="forward",
    )


def test_gmail_french_mixes_localized_and_english_labels():
    forward = found(
        "---------- Forwarded message ---------\n"
        "De : John Doe <john.doe@acme.com>\n"
        "Date: mer. 27 oct. 2021 à 09:31\n"
        "Subject: Integer consequat non purus\n"
        "To: <bessie.berry@acme.com>\n\n"
        "Bonjour"
    )
    assert (forward.sender, forward.date, forward.body) == (JOHN, datetime(2021, 10, 27, 9, 31), "Bonjour")


def test_outlook_live_french_after_an_underscore_rule():
    forward = found(
        "Pour info\n\n"
        "________________________________\n"
        "De : John Doe <john.doe@acme.com>\n"
        "Envoyé : mercredi 27 octobre 2021 15:14\n"
        "À : bessie.berry@acme.com <bessie.berry@acme.com>; suzanne@globex.corp <suzanne@globex.corp>\n"
        "Cc : Walter Sheltan <walter.sheltan@acme.com>; Nicholas <nicholas@globex.corp>\n"
        "Objet : Integer consequat non purus\n\n"
        "Corps"
    )
    assert forward.sender == JOHN
    assert forward.to == [Address(None, "bessie.berry@acme.com"), Address(None, "suzanne@globex.corp")]
    assert forward.cc == [WALTER, NICHOLAS]
    assert forward.date == datetime(2021, 10, 27, 15, 14)
    assert forward.subject == "Integer consequat non purus"


def test_outlook_2013_mailto_brackets_and_original_message_separator():
    forward = found(
        "-----Original Message-----\n"
        "From: John Doe [mailto:john.doe@acme.com]\n"
        "Sent: 25 October 2021 11:17\n"
        "To: bessie.berry@acme.com\n"
        "Cc: Walter Sheltan [mailto:walter.sheltan@acme.com], Nicholas [mailto:nicholas@globex.corp]\n"
        "Subject: Integer consequat non purus\n"
    )
    assert (forward.sender, forward.cc) == (JOHN, [WALTER, NICHOLAS])
    assert forward.date == datetime(2021, 10, 25, 11, 17)


def test_new_outlook_german_without_separator():
    forward = found(
        "Von: John Doe <john.doe@acme.com>\n"
        "Datum: Donnerstag, 28. Oktober 2021 um 12:46\n"
        "An: bessie.berry@acme.com <bessie.berry@acme.com>\n"
        "Cc: Walter Sheltan <walter.sheltan@acme.com>, Nicholas <nicholas@globex.corp>\n"
        "Betreff: Integer consequat non purus\n"
    )
    assert (forward.sender, forward.date) == (JOHN, datetime(2021, 10, 28, 12, 46))
    assert forward.subject == "Integer consequat non purus"


def test_apple_mail_french_quoted():
    forward = found(
        "> Début du message réexpédié :\n"
        ">\n"
        "> De: John Doe <john.doe@acme.com>\n"
        "> Objet: Integer consequat non purus\n"
        "> Date: 26 octobre 2021 à 14:25:08 UTC+3\n"
        "> À: bessie.berry@acme.com\n"
        "> Cc: Walter Sheltan <walter.sheltan@acme.com>, Nicholas <nicholas@globex.corp>\n"
        ">\n"
        "> Aenean quis diam urna.\n"
        ">> older quote\n"
    )
    assert forward.date == datetime(2021, 10, 26, 14, 25, 8, tzinfo=timezone(timedelta(hours=3)))
    assert forward.cc == [WALTER, NICHOLAS]
    assert forward.body == "Aenean quis diam urna.\n> older quote"


def test_thunderbird_french_with_tabs_and_subject_first():
    forward = found(
        "-------- Message transféré --------\n"
        "Sujet : \tInteger consequat non purus\n"
        "Date : \tWed, 3 Nov 2021 15:51:30 +0100\n"
        "De : \tJohn Doe <john.doe@acme.com>\n"
        "Pour : \tbessie.berry@acme.com\n"
        "Copie à : \tWalter Sheltan <walter.sheltan@acme.com>, Nicholas <nicholas@globex.corp>\n\n"
        "Texte"
    )
    assert forward.sender == JOHN
    assert forward.cc == [WALTER, NICHOLAS]
    assert forward.date == datetime(2021, 11, 3, 15, 51, 30, tzinfo=timezone(timedelta(hours=1)))


def test_yahoo_writes_every_header_on_the_separator_line():
    forward = found(
        '   ----- Forwarded Message ----- From: John Doe <john.doe@acme.com>To: "bessie.berry@acme.com" '
        "<bessie.berry@acme.com>Cc: Walter Sheltan <walter.sheltan@acme.com>; Nicholas <nicholas@globex.corp>"
        "Sent: Tuesday, November 2, 2021, 09:26:50 AM GMT+1Subject: Integer consequat non purus\n"
        " Aenean quis diam urna.\n"
    )
    assert forward.sender == JOHN
    assert forward.to == [Address(None, "bessie.berry@acme.com")]
    assert forward.cc == [WALTER, NICHOLAS]
    assert forward.date == datetime(2021, 11, 2, 9, 26, 50, tzinfo=timezone(timedelta(hours=1)))
    assert (forward.subject, forward.body) == ("Integer consequat non purus", "Aenean quis diam urna.")


def test_yahoo_french_inline():
    forward = found(
        '   ----- Message transmis ----- De : John Doe <john.doe@acme.com>À : "bessie.berry@acme.com" '
        "<bessie.berry@acme.com>Cc : Walter Sheltan <walter.sheltan@acme.com>; Nicholas <nicholas@globex.corp>"
        "Envoyé : mardi 2 novembre 2021, 09:26:50 UTC+1Objet : Integer consequat non purus\n"
    )
    assert (forward.sender, forward.cc, forward.subject) == (JOHN, [WALTER, NICHOLAS], "Integer consequat non purus")
    assert forward.date == datetime(2021, 11, 2, 9, 26, 50, tzinfo=timezone(timedelta(hours=1)))


def test_japanese_labels_with_fullwidth_colons():
    forward = found(
        "---------- メッセージを転送 ---------\n"
        "送信元：John Doe <john.doe@acme.com>\n"
        "日付：2022年9月19日月曜日 17:55:44 -0400\n"
        "件名：Integer consequat non purus\n"
        "送信先：bessie.berry@acme.com\n"
    )
    assert forward.sender == JOHN
    assert forward.date == datetime(2022, 9, 19, 17, 55, 44, tzinfo=timezone(timedelta(hours=-4)))


def test_outlook_bold_labels():
    forward = found(
        "*From:* John Doe <john.doe@acme.com>\n*Sent:* Wednesday, October 27, 2021 15:14\n"
        "*Subject:* ***URGENT*** Integer\n"
    )
    assert (forward.sender, forward.subject) == (JOHN, "***URGENT*** Integer")


def test_the_first_of_nested_forwards_is_the_original():
    forward = found(
        "From: John Doe <john.doe@acme.com>\nDate: Thursday, 6 April 2023 at 16:17\nSubject: Latest\n\n"
        "Newest text\n\n"
        "From: Laura Singleton <laura@dayrep.com>\nDate: Monday, 27 March 2023 at 15:33\nSubject: RE: Older\n\n"
        "Older text\n"
    )
    assert forward.sender == JOHN
    assert forward.body.startswith("Newest text\n\nFrom: Laura Singleton")


def test_wrapped_address_lists_and_blank_lines_between_headers():
    forward = found(
        "From: John Doe <john.doe@acme.com>\n\n"
        "Sent: Wednesday, October 27, 2021 15:14\n"
        "To: Bessie Berry <bessie.berry@acme.com>,\n"
        "    Suzanne <suzanne@globex.corp>\n"
        "Cc: Walter Sheltan <walter.sheltan@acme.com>;\n"
        " Nicholas <nicholas@globex.corp>\n"
        "Subject: Hello\n\nBody"
    )
    assert forward.to == [Address("Bessie Berry", "bessie.berry@acme.com"), Address("Suzanne", "suzanne@globex.corp")]
    assert forward.cc == [WALTER, NICHOLAS]
    assert (forward.subject, forward.body) == ("Hello", "Body")


def test_croatian_labels_read_listopad_as_october():
    forward = found(
        "---------- Forwarded message ---------\n"
        "Šalje: John Doe <john.doe@acme.com>\nDate: sri, 27. lis 2021. u 09:31\nSubject: x\n"
    )
    assert forward.date == datetime(2021, 10, 27, 9, 31)
    polish = found("Od: John Doe <john.doe@acme.com>\nData: wtorek, 2 listopada 2021, 09:26:50\nTemat: x\n")
    assert polish.date == datetime(2021, 11, 2, 9, 26, 50)


def test_sender_without_an_address():
    forward = found("-----Original Message-----\nFrom: John Doe\nSent: 23 July 2022 07:53\nTo: Bessie Berry\n")
    assert forward.sender is None
    assert forward.date == datetime(2022, 7, 23, 7, 53)


# Attribution lines ("On ..., X wrote:") ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ('On 28/10/2021 12:46, "John Doe" <john.doe@acme.com> wrote:', "John Doe"),
        ("Le 28/10/2021 12:46, « John Doe » <john.doe@acme.com> a écrit :", "John Doe"),
        ('Am 28/10/2021, 12:46 schrieb "John Doe" <john.doe@acme.com>:', "John Doe"),
        ("John Doe <john.doe@acme.com> kirjoitti 28/10/2021 12.46:", "John Doe"),
        ("28/10/2021 12:46 időpontban John Doe (john.doe@acme.com) ezt írta:", "John Doe"),
        ("Dnia 28/10/2021, 12:46 użytkownik „John Doe” <john.doe@acme.com> napisał:", "John Doe"),
        ("On Wed, Oct 28, 2021 at 12:46 PM John Doe <john.doe@acme.com>\nwrote:", "John Doe"),
        ("On October 28, 2021 at 12:46 PM, John Doe\n(john.doe@acme.com) wrote:", "John Doe"),
    ],
)
def test_attribution_lines(line, name):
    forward = found(f"Sounds good.\n\n{line}\n\n> Unicum iter\n> ad supremum.\n")
    assert forward.kind == "reply"
    assert forward.sender == Address(name, "john.doe@acme.com")
    assert forward.date == datetime(2021, 10, 28, 12, 46)
    assert forward.body == "Unicum iter\nad supremum."


def test_outlook_2019_indents_the_quoted_message():
    forward = found(
        '\ufeffOn 28/10/2021 12:46, "John Doe" <john.doe@acme.com> wrote:\r\n\r\n    Line one\r\n    Line two\r\n'
    )
    assert (forward.sender, forward.body) == (JOHN, "Line one\nLine two")


# Addresses ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("John Doe <john.doe@acme.com>", [JOHN]),
        ("<john.doe@acme.com>", [Address(None, "john.doe@acme.com")]),
        ("john.doe@acme.com", [Address(None, "john.doe@acme.com")]),
        ("John Doe [mailto:john.doe@acme.com]", [JOHN]),
        ("John Doe john.doe@acme.com", [JOHN]),
        ('"John Doe" <john.doe@acme.com>', [JOHN]),
        ("'Doe, John' <john.doe@acme.com>", [Address("Doe, John", "john.doe@acme.com")]),
        ("Doe, John <john.doe@acme.com>, Nicholas <nicholas@globex.corp>",
         [Address("Doe, John", "john.doe@acme.com"), NICHOLAS]),
        ("john.doe@acme.com <john.doe@acme.com>; nicholas@globex.corp", [
            Address(None, "john.doe@acme.com"), Address(None, "nicholas@globex.corp")]),
        ("John Doe<mailto:john.doe@acme.com> <john.doe@acme.com<mailto:john.doe@acme.com>> on behalf of "
         "ticketing@acme.com<mailto:ticketing@acme.com>", [JOHN, Address("on behalf of", "ticketing@acme.com")]),
        ("John Doe (john.doe@acme.com)", [JOHN]),
        ('"\'john.doe@acme.com\'" <john.doe@acme.com>', [Address(None, "john.doe@acme.com")]),
    ],
)  # fmt: skip
def test_address_forms(value, expected):
    forward = found(f"From: {value}\nTo: {value}\nSubject: s\n")
    assert forward.to == expected
    assert forward.sender == expected[0]


# Dates ----------------------------------------------------------------------------------------------------

CEST, CET = timezone(timedelta(hours=2)), timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mer. 27 oct. 2021 à 09:31", datetime(2021, 10, 27, 9, 31)),
        ("Wednesday, October 27, 2021 9:31 AM", datetime(2021, 10, 27, 9, 31)),
        ("Wednesday, October 27, 2021 9:31 PM", datetime(2021, 10, 27, 21, 31)),
        ("Mon, 1 August 2022 12:11 am", datetime(2022, 8, 1, 0, 11)),
        ("27. Oktober 2021 um 09:31:00 MESZ", datetime(2021, 10, 27, 9, 31, tzinfo=CEST)),
        ("27.10.2021 09:31", datetime(2021, 10, 27, 9, 31)),
        ("st 27. 10. 2021 v 9:31", datetime(2021, 10, 27, 9, 31)),
        ("2021-10-27 09:31:00", datetime(2021, 10, 27, 9, 31)),
        ("quarta, 27/10/2021 à(s) 09:31", datetime(2021, 10, 27, 9, 31)),
        ("Em 28/10/21, 12:46", datetime(2021, 10, 28, 12, 46)),
        ("02/10/2023 4:52 PM EST", datetime(2023, 2, 10, 16, 52, tzinfo=timezone(timedelta(hours=-5)))),
        ("Wed, 3 Nov 2021 15:51:30 +0100", datetime(2021, 11, 3, 15, 51, 30, tzinfo=CET)),
        ("26 октября 2021 г. в 14:25:08 GMT+3", datetime(2021, 10, 26, 14, 25, 8, tzinfo=timezone(timedelta(hours=3)))),
        ("2021. okt. 27., Sze, 9:31", datetime(2021, 10, 27, 9, 31)),
        ("ke 27. lokak. 2021 klo 9.31", datetime(2021, 10, 27, 9, 31)),
        ("tirsdag den 2. november 2021 09.26.50 CET", datetime(2021, 11, 2, 9, 26, 50, tzinfo=CET)),
        ("úterý 2. listopadu 2021 09:26:50 SEČ", datetime(2021, 11, 2, 9, 26, 50, tzinfo=CET)),
        ("2 Kasım 2021 Salı 09:26:50", datetime(2021, 11, 2, 9, 26, 50)),
        ("mar., 2 nov. 2021 9:26", datetime(2021, 11, 2, 9, 26)),
        ("2022年9月19日月曜日 17:55:44", datetime(2022, 9, 19, 17, 55, 44)),
        ("27 October 2021", datetime(2021, 10, 27)),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "last Tuesday at noon", "31.02.2021 10:00", "October 2021", "99:99"])
def test_unreadable_dates_are_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["27 Oct 2021 09:31 GMT+99:99", "27 Oct 2021 09:31 +9959", "27 Oct 2021 09:31 -2400"])
def test_an_impossible_zone_is_no_zone(text):
    """Found by the property tests: timezone() raised on an offset over a day, and the forward was lost."""
    assert parse_date(text) == datetime(2021, 10, 27, 9, 31)
    forward = find_forward(f"From: John Doe <john.doe@acme.com>\nDate: {text}\nSubject: Lunch\n\nHi")
    assert forward is not None and forward.date == datetime(2021, 10, 27, 9, 31)


# Subjects -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "Fwd: Lunch", "FW: Lunch", "Fw: Lunch", "TR : Lunch", "TR: Lunch", "Tr: Lunch", "WG: Lunch", "RV: Lunch",
        "I: Lunch", "Doorst: Lunch", "PD: Lunch", "ENC: Lunch", "VS: Lunch", "Vs: Lunch", "VB: Lunch", "VL: Lunch",
        "İLT: Lunch", "Пересл: Lunch", "Videresend: Lunch", "Redir.: Lunch", "RE: Lunch", "AW: Lunch",
        "Antw: Lunch", "Re: Fwd: TR: Lunch", "  Fwd:Re[2]: Lunch ", "[Fwd: Lunch]", "Lunch",
    ],
)  # fmt: skip
def test_forwarded_subject(subject):
    assert forwarded_subject(subject) == "Lunch"


def test_forwarded_subject_keeps_a_colon_inside_the_subject():
    assert forwarded_subject("Fwd: Agenda: Q3 review") == "Agenda: Q3 review"
    assert forwarded_subject("Invoice: March") == "Invoice: March"


# No forward, bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hi Bessie,\n\nLunch on Friday at 12:30? Write to me at john.doe@acme.com.\n\nJohn",
        "Notes:\nDate: Friday\nSubject: budget\n",
        "From: the desk of John Doe\n\nNo headers follow.",
        "-----\n---------------\n>>>>\n:::\n",
    ],
)
def test_no_forward(text):
    assert find_forward(text) is None


def test_non_text_input_is_not_a_forward():
    assert find_forward(None) is None  # type: ignore[arg-type]
    assert forwarded_subject(None) == ""  # type: ignore[arg-type]


def test_garbage_never_raises():
    rng = random.Random(4)
    alphabet = "From:Date:De :<>@.,;\"'«»-_*\t\n >0123456789年月日:：\ufeffé\x00\udcff"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))
        find_forward(text)
        forwarded_subject(text)
        parse_date(text)


@pytest.mark.parametrize(
    "unit",
    [
        "a",
        "-",
        ">",
        "From: ",
        "From: a@b.co\n",
        "a.b.c.d.e@",
        "On 1/1/2021 1:1, x@y.z\n",
        "----- Forwarded Message ----- From: To: Cc: ",
        "Fwd: ",
        "9:9:9 ",
    ],
)
def test_five_megabytes_return_quickly(unit):
    text = unit * (5_000_000 // len(unit))
    find_forward(text)
    forwarded_subject(text)
    parse_date(text)
