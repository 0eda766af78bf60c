"""Reading an inbound email into a touch to log (rapport.mail.read_message)."""

import random
import time
from datetime import UTC, datetime, timedelta, timezone
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest

from rapport.mail import Address, InboundMessage, Invitation, read_message

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus" / "email-forwards"
NETWORKER = {"jane@example.com", "Jane.Work@Example.org"}
INBOUND = "log+s3cr3t@in.rapport.test"
JOHN = Address("John Doe", "john.doe@acme.com")
WALTER = Address("Walter Sheltan", "walter.sheltan@acme.com")
NICHOLAS = Address("Nicholas", "nicholas@globex.corp")


def message(body: str | None = "Hello", sender: str = "Jane <jane@example.com>", **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = headers.pop("to", "Bob Stone <bob@stone.io>")
    msg["Date"] = headers.pop("date", "Wed, 27 Oct 2021 09:31:00 +0200")
    msg["Subject"] = headers.pop("subject", "Lunch")
    msg["Message-ID"] = "<abc.123@mail.example.com>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    if body is not None:
        msg.set_content(body)
    return msg


def read(msg: EmailMessage | bytes) -> InboundMessage:
    raw = msg if isinstance(msg, bytes) else msg.as_bytes(policy=SMTP)
    return read_message(raw, NETWORKER, INBOUND)


# BCC mode --------------------------------------------------------------------------------------------------


def test_bcc_participants_are_to_and_cc_without_the_networker_and_the_inbound_address():
    msg = message(
        "Great to see you yesterday, let's meet again in May.\n",
        to=f"Bob Stone <bob@stone.io>, jane.work@example.org, <{INBOUND.upper()}>",
        cc="Carol <carol@c.org>, Bob Stone <BOB@stone.io>",
        bcc=INBOUND,
    )
    result = read(msg)
    assert result.mode == "bcc"
    assert result.direction == "outbound"
    assert result.participants == [Address("Bob Stone", "bob@stone.io"), Address("Carol", "carol@c.org")]
    assert result.sender == Address("Jane", "jane@example.com")
    assert result.message_id == "abc.123@mail.example.com"
    assert result.occurred_at == datetime(2021, 10, 27, 9, 31, tzinfo=timezone(timedelta(hours=2)))
    assert result.subject == "Lunch"
    assert result.summary == "Great to see you yesterday, let's meet again in May."
    assert result.problems == []
    assert not result.automated and result.invitation is None


def test_quoted_history_and_signature_are_not_in_the_summary():
    body = (
        "Thanks Bob, Thursday works.\n"
        "> inline quote\n"
        "See you there.\n"
        "\n"
        "-- \n"
        "Jane Roe, Acme\n"
        "\n"
        "On Wed, Oct 27, 2021 at 9:31 AM Bob Stone <bob@stone.io> wrote:\n"
        "> Are you free on Thursday?\n"
    )
    result = read(message(body, subject="Re: Lunch"))
    assert result.mode == "bcc"  # a reply to a contact is not a forward
    assert result.summary == "Thanks Bob, Thursday works. See you there."
    assert result.participants == [Address("Bob Stone", "bob@stone.io")]


def test_history_under_an_attribution_without_an_address_is_cut():
    body = "That's true!\n\nOn 03/11/2021 15:51, John Doe wrote:\n> Unicum iter ad supremum.\n"
    assert read(message(body, subject="Re: Iter")).summary == "That's true!"


@pytest.mark.parametrize("footer", ["Sent from my iPhone", "Envoyé de mon iPhone", "Get Outlook for iOS"])
def test_mobile_footers_and_outlook_history_are_not_in_the_summary(footer):
    body = (
        f"Merci, à jeudi.\n\n{footer}\n\n-----Original Message-----\n"
        "From: Bob Stone <bob@stone.io>\nSent: Wednesday, October 27, 2021 9:31 AM\nTo: Jane <jane@example.com>\n"
        "Subject: Lunch\n\nAre you free?\n"
    )
    assert read(message(body, subject="RE: Lunch")).summary == "Merci, à jeudi."


def test_summary_is_cut_on_a_word_boundary():
    result = read(message("word " * 300))
    assert len(result.summary) <= 500
    assert result.summary.endswith("word…")


# Forward mode ----------------------------------------------------------------------------------------------


def test_gmail_inline_forward_in_french():
    path = CORPUS / "gmail_fr_body.txt"
    if not path.exists():
        pytest.skip("corpus absent")
    body = "Peux-tu relancer John la semaine prochaine ?\n\n" + path.read_text(encoding="utf-8")
    result = read(message(body, to=INBOUND, subject="TR: Integer consequat non purus"))
    assert result.mode == "forward"
    assert result.direction == "inbound"
    assert result.participants == [JOHN, Address(None, "bessie.berry@acme.com"), WALTER, NICHOLAS]
    assert result.subject == "Integer consequat non purus"
    assert result.occurred_at is not None and result.occurred_at.date() == datetime(2021, 10, 27).date()
    assert result.summary == "Peux-tu relancer John la semaine prochaine ?"
    assert result.problems == []


def test_html_only_gmail_forward():
    html = (
        '<div dir="ltr">Please follow up<br><br><div class="gmail_quote"><div class="gmail_attr">'
        "---------- Forwarded message ---------<br>From: <strong>John Doe</strong> <span>&lt;"
        '<a href="mailto:john.doe@acme.com">john.doe@acme.com</a>&gt;</span><br>'
        "Date: Wed, Oct 27, 2021 at 9:31 AM<br>Subject: Hi<br>To: &lt;jane@example.com&gt;<br>"
        "Cc: Walter Sheltan &lt;walter.sheltan@acme.com&gt;<br></div><br><div>Body here</div></div></div>"
    )
    msg = message(None, to=INBOUND, subject="Fwd: Hi", date="Thu, 28 Oct 2021 10:00:00 +0200")
    msg.set_content(html, subtype="html")
    result = read(msg)
    assert (result.mode, result.participants, result.summary) == ("forward", [JOHN, WALTER], "Please follow up")
    # Written without a zone by the forwarder's client: the zone of the forward's own Date.
    assert result.occurred_at == datetime(2021, 10, 27, 9, 31, tzinfo=timezone(timedelta(hours=2)))


def test_forward_without_a_note_summarizes_the_original():
    body = (
        "---------- Forwarded message ---------\nFrom: John Doe <john.doe@acme.com>\n"
        "Date: Wed, Oct 27, 2021 at 9:31 AM\nSubject: Budget\nTo: Jane <jane@example.com>\n\n"
        "Here is the budget for 2022.\n\n-- \nJohn\n"
    )
    result = read(message(body, to=INBOUND, subject="Fwd: Budget"))
    assert result.mode == "forward"
    assert result.participants == [JOHN]  # the networker, in To, is not a participant
    assert result.summary == "Here is the budget for 2022."


def test_attached_rfc822_forward():
    original = message(
        "Can we talk next week?\n",
        sender="John Doe <john.doe@acme.com>",
        to="Jane <jane@example.com>",
        cc="Walter Sheltan <walter.sheltan@acme.com>",
        subject="Partnership",
        date="Mon, 01 Nov 2021 14:00:00 +0000",
    )
    outer = message("Worth a follow-up.\n", to=INBOUND, subject="Fwd: Partnership", date="Tue, 02 Nov 2021 08:00 +0000")
    outer.add_attachment(original)
    result = read(outer)
    assert result.mode == "forward"
    assert result.original is not None and result.original.sender == JOHN
    assert result.participants == [JOHN, WALTER]
    assert result.occurred_at == datetime(2021, 11, 1, 14, 0, tzinfo=UTC)
    assert result.subject == "Partnership"
    assert result.summary == "Worth a follow-up."
    assert result.direction == "inbound"


def test_forward_of_the_networkers_own_message_is_outbound():
    body = (
        "---------- Forwarded message ---------\nFrom: Jane <jane@example.com>\n"
        "Date: Wed, Oct 27, 2021 at 9:31 AM\nSubject: Intro\nTo: John Doe <john.doe@acme.com>\n\nHi John\n"
    )
    result = read(message(body, to=INBOUND, subject="Fwd: Intro"))
    assert (result.mode, result.direction, result.participants) == ("forward", "outbound", [JOHN])


def test_mail_from_someone_else_is_an_unknown_sender():
    result = read(message("Hi", sender="Mallory <mallory@evil.test>", to=INBOUND))
    assert result.mode == "unknown_sender"
    assert result.participants == [Address("Mallory", "mallory@evil.test")]


# Text and charsets -----------------------------------------------------------------------------------------


def test_html_only_message_is_turned_to_text():
    msg = message(None)
    msg.set_content(
        "<html><head><style>p {color: red}</style><script>alert(1)</script></head><body>"
        "<p>Hello&nbsp;Bob &amp; Carol,</p><div>line one<br>line two</div>"
        "<blockquote>old stuff</blockquote></body></html>",
        subtype="html",
    )
    result = read(msg)
    assert result.text == "Hello Bob & Carol,\n\nline one\nline two\n\n> old stuff"
    assert result.summary == "Hello Bob & Carol, line one line two"  # the quoted block is history


def test_plain_part_is_preferred_to_html():
    msg = message("Plain text")
    msg.add_alternative("<p>HTML text</p>", subtype="html")
    assert read(msg).text.strip() == "Plain text"


def test_iso_8859_1_body_and_encoded_word_headers():
    msg = EmailMessage()
    msg["From"] = HeaderAddress("Jérôme Lefèvre", addr_spec="jane@example.com")
    msg["Subject"] = "=?iso-8859-1?q?R=E9union_d=E9j=E0_pr=E9vue?="
    msg["Date"] = "Wed, 27 Oct 2021 09:31:00 -0000"
    msg.set_content("Réunion à 10h, café offert.\n", charset="iso-8859-1", cte="quoted-printable")
    # Set raw: the stdlib's own folding unquotes a comma decoded from an encoded word.
    to = b"To: =?utf-8?q?Fran=C3=A7oise_M=C3=BCller?= <fm@x.de>, =?iso-8859-1?q?Doe=2C_Jo=EBl?= <joel@x.fr>\r\n"
    raw = to + msg.as_bytes(policy=SMTP)
    assert b"iso-8859-1" in raw.lower() and "é".encode() not in raw
    result = read(raw)
    assert result.sender == Address("Jérôme Lefèvre", "jane@example.com")
    assert result.participants == [Address("Françoise Müller", "fm@x.de"), Address("Doe, Joël", "joel@x.fr")]
    assert result.subject == "Réunion déjà prévue"
    assert result.summary == "Réunion à 10h, café offert."
    assert result.date == datetime(2021, 10, 27, 9, 31, tzinfo=UTC)
    assert result.problems == []


def test_unknown_charset_is_a_problem_not_an_exception():
    raw = (
        b"From: jane@example.com\r\nTo: bob@stone.io\r\nSubject: =?x-klingon?q?Qapla=27?=\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nQapla' \xff\xfe done\r\n"
    )
    result = read(raw)
    assert result.mode == "bcc"
    assert "Qapla' \ufffd\ufffd done" in result.text
    assert any("unknown charset 'x-klingon'" in problem for problem in result.problems)


# Flags ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"list_id": "<news.acme.com>"},
        {"auto_submitted": "auto-replied"},
        {"precedence": "bulk"},
        {"sender": "Acme <no-reply@acme.com>"},
        {"sender": "MAILER-DAEMON@mx.acme.com"},
        {"sender": "notifications-noreply@linkedin.com"},
    ],
)
def test_automated_mail_is_flagged(headers):
    assert read(message("News", **headers)).automated


def test_auto_submitted_no_is_not_automated():
    assert not read(message("Hi", auto_submitted="no")).automated


def test_calendar_invitation_is_read():
    msg = message("Invitation: Lunch")
    invite = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            "UID:lunch-1@example.com",
            "DTSTART;TZID=Europe/Paris:20211103T123000",
            "DURATION:PT1H30M",
            "SUMMARY:Lunch",
            "ORGANIZER;CN=Jane:mailto:jane@example.com",
            "ATTENDEE;CN=Bob:mailto:Bob@Stone.io",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )
    msg.add_attachment(invite.encode(), maintype="text", subtype="calendar", filename="invite.ics")
    result = read(msg)
    paris = timezone(timedelta(hours=1))
    assert result.invitation == Invitation(
        starts_at=datetime(2021, 11, 3, 12, 30, tzinfo=paris),
        ends_at=datetime(2021, 11, 3, 14, 0, tzinfo=paris),
        summary="Lunch",
        attendees=["jane@example.com", "bob@stone.io"],
        uid="lunch-1@example.com",
    )
    assert result.problems == []
    cancel = message("Cancelled")
    cancel.add_attachment(
        invite.replace("REQUEST", "CANCEL").encode(), maintype="text", subtype="calendar", filename="c.ics"
    )
    assert read(cancel).invitation is None


def test_unreadable_invitation_is_a_problem():
    msg = message("Invitation: Lunch")
    invite = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    msg.add_attachment(invite.encode(), maintype="text", subtype="calendar", filename="invite.ics")
    result = read(msg)
    assert (result.mode, result.summary, result.invitation) == ("bcc", "Invitation: Lunch", None)
    assert [p for p in result.problems if p.startswith("the calendar invitation could not be read: ")], result.problems


# Limits and bad input -------------------------------------------------------------------------------------


def test_large_attachment_is_not_decoded():
    msg = message("See the deck attached.\n", to="Bob <bob@stone.io>")
    msg.add_attachment(bytes(range(256)) * (5 * 1024 * 4), maintype="application", subtype="pdf", filename="d.pdf")
    raw = msg.as_bytes(policy=SMTP)
    assert len(raw) > 5 * 1024 * 1024
    result = read(raw)
    assert (result.mode, result.summary, result.problems) == ("bcc", "See the deck attached.", [])
    assert result.participants == [Address("Bob", "bob@stone.io")]


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   \r\n",
        b"\x00\xff\xfe garbage \x80\x81" * 50,
        b"From:\r\n\r\n",
        b"Content-Type: multipart/mixed\r\n\r\nx",
    ],
)
def test_garbage_returns_problems_without_raising(raw):
    result = read_message(raw, NETWORKER, INBOUND)
    assert result.problems
    assert result.mode == "unknown_sender"


def test_broken_mime_is_reported():
    raw = (
        b"From: jane@example.com\r\nTo: bob@stone.io\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nSGVsbG8gQm9i=x\r\n"
    )
    result = read(raw)
    assert result.mode == "bcc"
    assert any(problem.startswith("broken MIME") for problem in result.problems), result.problems


def nest(depth: int, kind: str) -> bytes:
    """A text part inside `depth` levels of multipart/mixed or of message/rfc822."""
    body = b"Content-Type: text/plain\r\n\r\nHello\r\n"
    for level in range(depth):
        if kind == "multipart":
            boundary = b"b%d" % level
            body = b'Content-Type: multipart/mixed; boundary="%s"\r\n\r\n--%s\r\n%s\r\n--%s--\r\n' % (
                boundary,
                boundary,
                body,
                boundary,
            )
        else:
            body = b"Content-Type: message/rfc822\r\n\r\nFrom: bob@stone.io\r\n" + body
    return b"From: jane@example.com\r\nTo: Bob <bob@stone.io>\r\nSubject: Deep\r\n" + body


@pytest.mark.parametrize("kind", ["multipart", "message"])
def test_deeply_nested_mime_keeps_the_headers(kind):
    """Found by the property tests: the stdlib MIME parser recurses per level and raised RecursionError, so the
    message was read as from an unknown sender. Now its headers are read alone."""
    result = read(nest(3000, kind))
    assert (result.mode, result.subject, result.participants) == ("bcc", "Deep", [Address("Bob", "bob@stone.io")])
    assert any(problem.startswith("the MIME structure is nested too deeply") for problem in result.problems)
    assert read(nest(20, "multipart")).summary == "Hello"


@pytest.mark.parametrize(
    "to",
    [
        '"' * 100_000 + " <bob@stone.io>",  # quadratic in the stdlib: 13 s for 50 KB
        "(" * 5_000 + "bob@stone.io" + ")" * 5_000,  # nested comments: RecursionError
        "g: " * 30_000 + "bob@stone.io",
        "bob@" + "." * 100_000,  # a minute
        "=?utf-8?q?a?= " * 20_000 + "<bob@stone.io>",
        ", ".join(f'"N {i}" <u{i}@x.org>' for i in range(20_000)),
    ],
)
def test_pathological_headers_are_cut_and_read_quickly(to):
    """Found by the property tests: the stdlib header parser recurses per nested comment and is quadratic on
    some values. Address headers are cut at 8,000 characters, others at 1,000, before it parses them."""
    raw = b"From: jane@example.com\r\nTo: " + to.encode() + b"\r\nContent-Type: text/plain" + b"; a=b" * 50_000
    started = time.perf_counter()
    result = read(raw + b"\r\nSubject: " + b"(" * 100_000 + b"\r\n\r\nHello")
    assert time.perf_counter() - started < 5
    assert (result.mode, result.summary) == ("bcc", "Hello")
    assert "To header is over 8,000 characters; the rest was not read" in result.problems
    assert "Subject header is over 1,000 characters; the rest was not read" in result.problems
    assert not [problem for problem in result.problems if problem.startswith("message could not be read")]


def test_a_part_whose_charset_breaks_the_stdlib_is_read():
    """Found by the property tests: get_payload() decodes 8-bit data with the part's charset, and raises on some
    ("\\x00", "idna"); the calendar part and the text were lost."""
    for charset in (b"\x00", b"idna"):
        raw = b'From: jane@example.com\r\nTo: bob@stone.io\r\nContent-Type: text/calendar; charset="%s"\r\n\r\n\x80' % (
            charset
        )
        assert not [p for p in read(raw).problems if "could not be read" in p and "calendar invitation" not in p]
        raw = b'From: jane@example.com\r\nTo: bob@stone.io\r\nContent-Type: text/plain; charset="%s"\r\n\r\nHi \x80' % (
            charset
        )
        assert read(raw).summary.startswith("Hi")


def test_mutated_messages_never_raise():
    """Bytes flipped and messages cut anywhere: a result with problems, never an exception (the stdlib parser
    itself raises on some of these, e.g. on a From header cut inside its address)."""
    forward = "---------- Forwarded message ---------\nFrom: John Doe <john.doe@acme.com>\nTo: x@y.z\n\nHi"
    outer = message("Note.\n\n" + forward)
    outer.add_attachment(message("Original", sender="John <john.doe@acme.com>"))
    outer.add_attachment(b"\x00" * 1000, maintype="application", subtype="octet-stream", filename="a.bin")
    raw = outer.as_bytes(policy=SMTP)
    rnd = random.Random(4)
    for _ in range(300):
        mutated = bytearray(raw)
        for _ in range(rnd.randint(1, 30)):
            mutated[rnd.randrange(len(mutated))] = rnd.randrange(256)
        for candidate in (bytes(mutated), bytes(mutated[: rnd.randrange(len(mutated))])):
            assert isinstance(read_message(candidate, NETWORKER, INBOUND), InboundMessage)
    cut_inside_an_address = read_message(b"From: <x@\r\n\r\n", NETWORKER, INBOUND)
    assert cut_inside_an_address.sender is None
    assert cut_inside_an_address.sender_doubt == "its From header could not be read (From: <x@)"


def test_only_problems_that_leave_the_people_or_the_text_in_doubt_make_a_message_unreadable():
    undated = read_message(
        b"From: me@example.com\r\nTo: a@b.example\r\nDate: someday\r\n\r\nHi", {"me@example.com"}, "x@y"
    )
    assert undated.problems and undated.unreadable == []
    anonymous = read_message(b"To: a@b.example\r\n\r\nHi", {"me@example.com"}, "x@y")
    assert anonymous.unreadable == ["no From header"]
    klingon = b"From: me@example.com\r\nTo: a@b.example\r\nContent-Type: text/plain; charset=klingon\r\n\r\nHi"
    assert [p.split(" '")[0] for p in read_message(klingon, {"me@example.com"}, "x@y").unreadable] == [
        "unknown charset"
    ]
