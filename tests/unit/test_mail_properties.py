"""Properties of read_message over generated messages: whatever arrives, a result that keeps its promises.

Messages are built as bytes (not with EmailMessage, which only writes valid ones): random headers with
encoded words in known, unknown and broken charsets, 8-bit header bytes, MIME trees of multipart/*,
message/rfc822, text/calendar and binary parts, broken boundaries and encodings; then cut and mutated.
Deterministic (derandomize, no example database): a failure is reproduced by running the test again.
"""

from __future__ import annotations

import base64
import logging
import quopri
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.mail import InboundMessage, Invitation, read_message
from rapport.mail.invitation import read_invitation
from rapport.mail.summary import SUMMARY_LENGTH

ME, INBOUND = "me@example.com", "log+abc@in.example"
MINE = {ME, INBOUND}

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

# Headers -------------------------------------------------------------------------------------------------

CHARSETS = st.sampled_from(
    [
        "utf-8", "UTF-8", "us-ascii", "iso-8859-1", "windows-1252", "iso-8859-15", "koi8-r", "shift_jis",
        "iso-2022-jp", "gb2312", "big5", "utf-16", "utf-7", "x-unknown", "unknown-8bit", "", "utf-8*fr",
        "bogus charset", "8bit", "x-mac-roman", "\x00", "utf-8'en'", "idna", "rot13", "base64", "zip",
    ]
)  # fmt: skip
ADDRESSES = st.sampled_from(
    [
        ME, "ME@Example.COM", " me@example.com", INBOUND, "LOG+ABC@IN.EXAMPLE", "bob@stone.io", "Bob@Stone.IO",
        "carol@c.org", "x@y", "no-reply@news.example", '"me"@example.com', "me@example.com.", "<me@example.com>",
        "a@b@c", "@", "user@[127.0.0.1]", "ünïcode@exämple.com", "me@EXAMPLE.com",
    ]
)  # fmt: skip
WORDS = st.sampled_from(
    [
        "Lunch", "Fwd:", "Re:", "TR:", "WG:", "Hello", "Bob", "Jane", "Café", "日本語", "Привет", "\u200b", "\t",
        ",", ";", ":", '"', "<", ">", "(", ")", "\\", "=?", "?=", "@", "\u00a0", "\ufffd", "\x00", "\udcff",
    ]
)  # fmt: skip


@st.composite
def encoded_words(draw: st.DrawFn) -> str:
    charset = draw(CHARSETS)
    text = draw(st.text(max_size=20) | WORDS)
    try:
        data = text.encode(charset)
    except (LookupError, UnicodeError, ValueError, TypeError):
        data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = draw(st.binary(max_size=20))
    kind = draw(st.sampled_from("BbQqX"))
    payload = base64.b64encode(data).decode() if kind in "Bb" else quopri.encodestring(data, header=True).decode()
    if draw(st.integers(0, 4)) == 0:  # a broken payload
        payload = payload[: draw(st.integers(0, len(payload)))] + draw(st.sampled_from(["", "=", "==", "?", "!*"]))
    return f"=?{charset}?{kind}?{payload}?="


# Runs the stdlib header parser recurses on (nested comments, groups) or is slow on (quotes, dots).
RUNS = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["(", "((a)", '"', ".", ",", "g: ", "<", "\\", "=?utf-8?q?a?= ", "@", ";"]),
    st.sampled_from([1, 10, 100, 2000]),
)


def pieces(draw: st.DrawFn) -> str:
    return draw(st.one_of(WORDS, encoded_words(), ADDRESSES, st.text(max_size=15), RUNS))


@st.composite
def header_values(draw: st.DrawFn) -> bytes:
    text = " ".join(pieces(draw) for _ in range(draw(st.integers(0, 6))))
    data = text.encode("utf-8", "surrogateescape")
    if draw(st.integers(0, 5)) == 0:  # 8-bit bytes straight in the header
        data += draw(st.binary(max_size=10)).replace(b"\n", b"").replace(b"\r", b"")
    if draw(st.integers(0, 5)) == 0:  # folded
        data = data.replace(b" ", b"\r\n ", 1)
    return (
        data.replace(b"\r\n ", b"\x00FOLD\x00")
        .replace(b"\n", b" ")
        .replace(b"\r", b" ")
        .replace(b"\x00FOLD\x00", b"\r\n ")
    )


@st.composite
def address_lists(draw: st.DrawFn) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 4))):
        address = draw(ADDRESSES)
        shape = draw(st.integers(0, 5))
        if shape == 0:
            items.append(address)
        elif shape == 1:
            items.append(f"{pieces(draw)} <{address}>")
        elif shape == 2:
            items.append(f'"{pieces(draw)}" <{address}>')
        elif shape == 3:
            items.append(f"Group: {address}, {draw(ADDRESSES)};")
        elif shape == 4:
            items.append(f"{address} ({pieces(draw)})")
        else:
            items.append(f"<{address}")
    return ", ".join(items).encode("utf-8", "surrogateescape").replace(b"\r", b"").replace(b"\n", b"")


DATES = st.sampled_from(
    [
        "Wed, 27 Oct 2021 09:31:00 +0200", "27 Oct 2021 09:31 -0000", "Mon, 1 Jan 0001 00:00:00 +0000",
        "Fri, 31 Dec 9999 23:59:59 -2359", "Thu, 1 Jan 1970 00:00:00 +9999", "yesterday", "", "0", "Feb 30 2021",
        "Tue, 32 Oct 2021 25:61:61 +0200", "Wed, 27 Oct 21 09:31:00 EST", "Wed, 27 Oct 2021 09:31:00 +02:00",
    ]
)  # fmt: skip
HEADER_NAMES = st.sampled_from(
    ["Subject", "Message-ID", "List-Id", "Auto-Submitted", "Precedence", "Reply-To", "X-Custom", "Subject",
     "Content-Transfer-Encoding", "MIME-Version", "Content-Disposition", "From", "To", "Date", "Bcc"]
)  # fmt: skip


@st.composite
def message_headers(draw: st.DrawFn) -> list[bytes]:
    headers = []
    if draw(st.integers(0, 9)):
        sender = draw(st.sampled_from([ME, "Me <ME@example.com>", "bob@stone.io"]) | address_lists())
        headers.append(b"From: " + (sender.encode() if isinstance(sender, str) else sender))
    for name in ("To", "Cc"):
        if draw(st.booleans()):
            headers.append(name.encode() + b": " + draw(address_lists()))
    if draw(st.integers(0, 4)):
        headers.append(b"Date: " + draw(DATES).encode())
    for _ in range(draw(st.integers(0, 4))):
        headers.append(draw(HEADER_NAMES).encode() + b": " + draw(header_values()))
    return headers


# Bodies --------------------------------------------------------------------------------------------------

TEXT_LINES = st.sampled_from(
    [
        "Great to see you yesterday.", "> quoted", "-- ", "Sent from my iPhone", "",
        "---------- Forwarded message ---------", "From: John Doe <john.doe@acme.com>", "De : Jean <jean@x.fr>",
        "Date: Wed, 27 Oct 2021 at 09:31", "Subject: Lunch", "To: me@example.com, Log <log+abc@in.example>",
        "Cc: ME@EXAMPLE.COM", "On Wed, 27 Oct 2021, John <john.doe@acme.com> wrote:", "<p>html <b>bold</b></p>",
        "<blockquote>quoted</blockquote>", "<script>x</script>", "&amp;&#0;&#xffffff;", "word " * 200,
    ]
)  # fmt: skip


LABELS = st.sampled_from(["From", "To", "Cc", "De", "À", "Von", "An", "Od", "Kimden", "> From", "*From:*", "送信元"])


@st.composite
def forward_headers(draw: st.DrawFn) -> str:
    """A forwarded header line naming anyone, the networker and the inbound address included, in any form."""
    address = draw(ADDRESSES)
    form = draw(st.sampled_from(["{a}", "Me <{a}>", "Me [mailto:{a}]", '"{a}" <{a}>', "<mailto:{a}>", "{a}; {a}"]))
    return f"{draw(LABELS)}: {form.format(a=address)}"


@st.composite
def texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(TEXT_LINES | forward_headers() | st.text(max_size=40), max_size=12))
    return "\n".join(lines)


EVENT_LINES = st.sampled_from(
    [
        "DTSTART:20240301T100000Z", "DTSTART:20240301T100000", "DTSTART;TZID=Europe/Paris:20240301T100000",
        "DTSTART;TZID=Nowhere:20240301T100000", "DTSTART;VALUE=DATE:20240301", "DTSTART;TZID=Z:20240301T100000",
        "DTSTART;TZID=W. Europe Standard Time:99991231T235959", "DTSTART:00010101T000000Z",
        "DTEND:20240301T110000Z", "DTEND:20240301T090000Z", "DTEND;TZID=Z:20240301T110000", "DURATION:PT1H",
        "DURATION:P999999999D", "DURATION:-P1D", "SUMMARY:Lunch", "SUMMARY:" + "x" * 600, "LOCATION:Café",
        "ORGANIZER:mailto:ME@example.com", "ATTENDEE;CN=Bob:mailto:bob@stone.io", "ATTENDEE:mailto:",
        "ATTENDEE:urn:x", "ATTENDEE:MAILTO:Bob@Stone.io", "UID:" + "u" * 2000, "UID:1", "RRULE:FREQ=SECONDLY",
        "SUMMARY;LANGUAGE=fr:Déjeuner\\, demain", "X-EXTRA;X=\"a:b\":c",
        "BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nEND:VALARM",
    ]
)  # fmt: skip
BROKEN_LINES = st.sampled_from(
    ["DTSTART:garbage", "DTEND:2024", "BEGIN:VEVENT", "END:VEVENT", "END:VCALENDAR", "METHOD:REQUEST", "X-;:", ";",
     ":", "BEGIN:", "END:VTIMEZONE", "DURATION:P", "DTSTART;TZID=:20240301T100000"]
)  # fmt: skip
STARTS = st.sampled_from(
    ["DTSTART:20240301T100000Z", "DTSTART:20240301T100000", "DTSTART;TZID=Europe/Paris:20240301T100000",
     "DTSTART;TZID=Z:20240301T100000", "DTSTART;TZID=/vendor/Z:20240301T100000",
     'DTSTART;TZID="Pacific Standard Time":20240301T100000']
)  # fmt: skip
ZONE_RULES = st.sampled_from(
    ["FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "FREQ=SECONDLY", "FREQ=YEARLY;BYYEARDAY=1", "FREQ=YEARLY;BYMONTH=13",
     "FREQ=DAILY;BYHOUR=25", "garbage", "FREQ=YEARLY;BYDAY=SU"]
)  # fmt: skip


@st.composite
def calendars(draw: st.DrawFn) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    method = draw(st.sampled_from(["REQUEST", "REQUEST", "CANCEL", "request", "", None]))
    if method is not None:
        lines.append(f"METHOD:{method}")
    if draw(st.booleans()):
        offset = draw(st.sampled_from(["+0100", "-0800", "+2500", "0100", "+0000"]))
        lines += [
            "BEGIN:VTIMEZONE",
            "TZID:" + draw(st.sampled_from(["Z", "Europe/Paris", "/vendor/Z", "Pacific Standard Time"])),
            "BEGIN:STANDARD",
            "DTSTART:" + draw(st.sampled_from(["16010101T030000", "00010101T000000", "19700101T000000", "20240101"])),
            "RRULE:" + draw(ZONE_RULES),
            f"TZOFFSETFROM:{offset}",
            f"TZOFFSETTO:{offset}",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    event = draw(st.lists(EVENT_LINES, max_size=8))
    if draw(st.integers(0, 3)) == 0:  # sometimes a broken line
        event.insert(draw(st.integers(0, len(event))), draw(BROKEN_LINES | st.text(max_size=30)))
    if draw(st.integers(0, 4)):  # mostly a start that can be read
        event.insert(0, draw(STARTS))
    lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


CONTENT_TYPES = st.sampled_from(
    ["text/plain", "text/plain", "text/html", "text/calendar", "text/calendar", "application/octet-stream", "image/png",
     "text/", "x/y", "", "text/plain; format=flowed; delsp=yes", "message/delivery-status", "text/enriched"]
)  # fmt: skip
ENCODINGS = st.sampled_from(["", "7bit", "8bit", "base64", "quoted-printable", "BASE64", "x-uuencode", "binary", "?"])


def encode_body(data: bytes, encoding: str) -> bytes:
    if encoding.lower() == "base64":
        return base64.encodebytes(data)
    if encoding == "quoted-printable":
        return quopri.encodestring(data)
    return data


@st.composite
def leaves(draw: st.DrawFn) -> tuple[list[bytes], bytes]:
    kind = draw(CONTENT_TYPES)
    params = ""
    if draw(st.booleans()):
        params += f'; charset="{draw(CHARSETS)}"'
    if kind == "text/calendar" and draw(st.booleans()):
        params += "; method=" + draw(st.sampled_from(["REQUEST", "CANCEL", "request", "*"]))
    if draw(st.integers(0, 5)) == 0:
        params += "; name*=utf-8''" + draw(st.sampled_from(["invite.ics", "%ff%fe", "%", "a'b"]))
    if kind == "text/calendar":
        text = draw(calendars())
    elif kind.startswith("text/"):
        text = draw(texts())
    else:
        text = ""
    charset = params.split('charset="', 1)[1].split('"', 1)[0] if "charset" in params else "utf-8"
    try:
        data = text.encode(charset)
    except (LookupError, UnicodeError, ValueError, TypeError):
        data = text.encode("utf-8", "surrogateescape")
    if not text or draw(st.integers(0, 5)) == 0:
        data = draw(st.binary(max_size=300))
    encoding = draw(ENCODINGS)
    headers = [b"Content-Type: " + (kind + params).encode("utf-8", "surrogateescape")] if kind or params else []
    if encoding:
        headers.append(b"Content-Transfer-Encoding: " + encoding.encode())
    if draw(st.integers(0, 3)) == 0:
        headers.append(
            b"Content-Disposition: " + draw(st.sampled_from([b"attachment", b"inline", b"x; filename*=", b""]))
        )
    return headers, encode_body(data, encoding)


@st.composite
def multiparts(draw: st.DrawFn, children: st.SearchStrategy) -> tuple[list[bytes], bytes]:
    parts = draw(st.lists(children, min_size=0, max_size=4))
    subtype = draw(st.sampled_from(["mixed", "alternative", "related", "signed", "digest", "report"]))
    boundary = draw(st.sampled_from(["b1", "=_b2", "", "b 3", '"', "--", "a" * 80]) | st.text(max_size=10))
    declared = boundary if draw(st.integers(0, 5)) else draw(st.sampled_from(["other", ""]))
    header = f"Content-Type: multipart/{subtype}" + (f'; boundary="{declared}"' if draw(st.integers(0, 9)) else "")
    body = b""
    if draw(st.booleans()):
        body += b"This is a multi-part message.\r\n"
    separator = ("--" + boundary).encode("utf-8", "surrogateescape")
    for part_headers, part_body in parts:
        body += separator + b"\r\n" + b"\r\n".join(part_headers) + b"\r\n\r\n" + part_body + b"\r\n"
    if draw(st.integers(0, 4)):  # else never closed
        body += separator + b"--\r\n"
    return [header.encode("utf-8", "surrogateescape")], body


@st.composite
def attached_messages(draw: st.DrawFn, children: st.SearchStrategy) -> tuple[list[bytes], bytes]:
    inner_headers, inner_body = draw(children)
    inner = b"\r\n".join(draw(message_headers()) + inner_headers) + b"\r\n\r\n" + inner_body
    headers = [b"Content-Type: message/rfc822" + draw(st.sampled_from([b"", b'; charset="\x00"', b"; charset=idna"]))]
    encoding = draw(st.sampled_from(["", "", "7bit", "base64", "quoted-printable"]))
    if encoding:
        headers.append(b"Content-Transfer-Encoding: " + encoding.encode())
    return headers, encode_body(inner, encoding)


@st.composite
def nested(draw: st.DrawFn, children: st.SearchStrategy) -> tuple[list[bytes], bytes]:
    """Sometimes, a part wrapped in hundreds of multipart or message/rfc822 levels: the stdlib parser recurses
    per level (and takes ~0.5 s for 1,000)."""
    headers, body = draw(children)
    for level in range(draw(st.sampled_from([0] * 12 + [60, 400]))):
        if draw(st.booleans()):
            boundary = b"n%d" % level
            body = b"\r\n".join(headers) + b"\r\n\r\n" + body
            body = b"--" + boundary + b"\r\n" + body + b"\r\n--" + boundary + b"--\r\n"
            headers = [b'Content-Type: multipart/mixed; boundary="' + boundary + b'"']
        else:
            body = b"From: bob@stone.io\r\n" + b"\r\n".join(headers) + b"\r\n\r\n" + body
            headers = [b"Content-Type: message/rfc822"]
    return headers, body


MIME_TREES = nested(
    st.recursive(leaves(), lambda children: multiparts(children) | attached_messages(children), max_leaves=6)
)


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    part_headers, body = draw(MIME_TREES)
    headers = draw(message_headers())
    if part_headers and draw(st.integers(0, 5)):
        headers.append(b"MIME-Version: 1.0")
    raw = b"\r\n".join(headers + part_headers) + b"\r\n\r\n" + body
    return raw.replace(b"\r\n", b"\n") if draw(st.integers(0, 4)) == 0 else raw


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(messages()))
    for _ in range(draw(st.integers(1, 8))):
        if not raw:
            break
        at = draw(st.integers(0, len(raw) - 1))
        action = draw(st.integers(0, 3))
        if action == 0:
            raw[at] = draw(st.integers(0, 255))
        elif action == 1:
            del raw[at : at + draw(st.integers(1, 20))]
        elif action == 2:
            raw[at:at] = draw(st.sampled_from([b"\r\n", b"\r\n\r\n", b"--", b"=?", b":", b"\x00", b"\xff", b"\r"]))
        else:
            del raw[at:]  # truncated
    return bytes(raw)


# Properties ----------------------------------------------------------------------------------------------

# Steps that failed with an exception: each one is a bug to fix in the mail package.
CRASHES = ("message could not be read", "the text could not be read", "the MIME structure could not be read",
           "the attached message could not be read", "the calendar part could not be read")  # fmt: skip


class _Logged(logging.Handler):
    """The readers catch their own failures and log them (a forward not found, a message not read): here each
    one is a failure."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def read(raw: bytes) -> InboundMessage:
    logged, logger = _Logged(), logging.getLogger("rapport.mail")
    logger.addHandler(logged)
    try:
        result = read_message(raw, {ME}, INBOUND)
    finally:
        logger.removeHandler(logged)
    assert not logged.records, [(r.getMessage(), r.exc_info and repr(r.exc_info[1])) for r in logged.records]
    return result


def check(raw: bytes) -> InboundMessage:
    result = read(raw)
    assert isinstance(result, InboundMessage)
    assert isinstance(result.problems, list) and all(isinstance(p, str) for p in result.problems)
    assert not [p for p in result.problems if p.startswith(CRASHES)], result.problems
    assert len(result.problems) == len(set(result.problems))
    assert result.mode in ("forward", "bcc", "unknown_sender")
    if result.sender is not None:  # the author is the address as written, never one decoded from an encoded-word
        assert result.sender_doubt is None
        assert result.sender.email.casefold() in raw.decode("utf-8", "replace").casefold(), result.sender
    elif result.sender_doubt is not None:
        assert result.mode == "unknown_sender" and result.original is None
    for person in result.participants:
        assert person.email.strip().lower() not in MINE, result.participants
    emails = [person.email.lower() for person in result.participants]
    assert len(emails) == len(set(emails)), emails
    assert isinstance(result.summary, str) and len(result.summary) <= SUMMARY_LENGTH
    assert isinstance(result.text, str)
    for value in (result.date, result.occurred_at):
        assert value is None or (isinstance(value, datetime) and value.utcoffset() is not None)
    check_invitation(result.invitation)
    if b"calendar" in raw.lower():  # icalendar keeps state between reads (its time zones): none must show
        assert read(raw) == result
    return result


def check_invitation(invitation: Invitation | None) -> None:
    if invitation is None:
        return
    assert isinstance(invitation, Invitation)
    assert invitation.starts_at.utcoffset() is not None
    assert invitation.ends_at is None or invitation.ends_at >= invitation.starts_at
    assert all(a == a.lower() and "@" in a for a in invitation.attendees)
    assert len(invitation.attendees) == len(set(invitation.attendees))
    assert invitation.summary is None or len(invitation.summary) <= SUMMARY_LENGTH


@SETTINGS
@given(messages())
def test_generated_messages(raw):
    check(raw)


@SETTINGS
@given(mutated())
def test_cut_and_mutated_messages(raw):
    check(raw)


INVITATION = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:lunch-1\r\n"
    "DTSTART;TZID=Europe/Paris:20240301T123000\r\nDTEND;TZID=Europe/Paris:20240301T140000\r\nSUMMARY:Lunch\r\n"
    "ATTENDEE:mailto:Bob@Stone.io\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@st.composite
def invited(draw: st.DrawFn) -> bytes:
    """A message whose top multipart holds, among random parts, a calendar request in any transfer encoding."""
    parts = draw(st.lists(leaves().filter(lambda part: b"text/calendar" not in b"".join(part[0])), max_size=3))
    charset = draw(st.sampled_from(["", "; charset=utf-8", "; charset=iso-8859-1", "; charset=x-unknown"]))
    encoding = draw(st.sampled_from(["", "7bit", "base64", "quoted-printable"]))
    calendar = [b"Content-Type: text/calendar; method=REQUEST" + charset.encode()]
    calendar += [b"Content-Transfer-Encoding: " + encoding.encode()] if encoding else []
    parts.insert(draw(st.integers(0, len(parts))), (calendar, encode_body(INVITATION.encode(), encoding)))
    body = b"".join(b"--b\r\n" + b"\r\n".join(h) + b"\r\n\r\n" + payload + b"\r\n" for h, payload in parts)
    headers = draw(message_headers()) + [b'Content-Type: multipart/mixed; boundary="b"']
    return b"\r\n".join(headers) + b"\r\n\r\n" + body + b"--b--\r\n"


@SETTINGS
@given(invited())
def test_an_invitation_among_any_parts_is_found(raw):
    invitation = check(raw).invitation
    assert invitation is not None
    assert invitation.starts_at.isoformat() == "2024-03-01T12:30:00+01:00"
    assert (invitation.summary, invitation.attendees, invitation.uid) == ("Lunch", ["bob@stone.io"], "lunch-1")


@settings(SETTINGS, max_examples=100)
@given(st.binary(max_size=2000))
def test_random_bytes(raw):
    check(raw)


@SETTINGS
@given(calendars(), st.sampled_from([None, "REQUEST", "CANCEL"]))
def test_generated_calendars(ics, method):
    problems: list[str] = []
    invitation = read_invitation(ics, problems, method)
    check_invitation(invitation)
    assert all(p.startswith("the calendar invitation could not be read: ") for p in problems), problems
    assert invitation is None or not problems
