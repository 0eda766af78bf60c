"""Mail as real senders write it, end to end: raw messages over SMTP to the local runtime, the real inbound
function, the API over HTTP. Whatever arrives is received (250) and then logged, or quarantined with its
reason; and none of the forms a stranger uses to pass for the networker is logged as their touch."""

from __future__ import annotations

import smtplib

from infra.local.runtime import DEV_EMAIL
from rapport import clock


def send(local, raw: bytes) -> tuple[int, str]:
    """One SMTP transaction without SIZE: the reply to DATA."""
    inbox = local.get("/me").json["inbound_address"]
    with smtplib.SMTP("127.0.0.1", local.runtime.smtp_port, timeout=30) as client:
        client.ehlo()
        assert client.mail("bounce@mail.example.com")[0] == 250
        assert client.rcpt(inbox)[0] == 250
        code, reply = client.data(raw)
    return code, reply.decode()


def message(
    from_lines: str, body: str, message_id: str, *, to: str = "Claire <claire@example.com>", **headers
) -> bytes:
    date = clock.now().strftime("%a, %d %b %Y %H:%M:%S +0000")
    lines = [from_lines, f"To: {to}", f"Date: {date}", f"Message-ID: <{message_id}@mail.example.com>"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + f"\r\n\r\n{body}\r\n").encode()


def summaries(local, contact_id: str) -> list[str]:
    return [touch["summary"] for touch in local.get(f"/contacts/{contact_id}/interactions").json["items"]]


def kept(local) -> dict[str, list[str]]:
    """The quarantine: subject -> reason codes."""
    return {
        item["subject"]: [r["code"] for r in item["reasons"]] for item in local.get("/inbound/quarantine").json["items"]
    }


def test_utf8_addresses_long_lines_unknown_charsets_and_broken_headers_are_read_or_kept_with_the_reason(local):
    claire = local.post("/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]}).json
    local.drain()
    me = f"From: Local Networker <{DEV_EMAIL}>"

    sent = [
        message(me, "Tschüss!", "utf8", Cc="Jürgen Müller <jürgen@exämple.com>", Subject="Grüße"),
        message("From: Jürgen Müller <jürgen@exämple.com>", "Hallo", "stranger", Subject="Von Jürgen"),
        message(me, "Long " + "word " * 300, "long", Subject="A long line"),  # one line of 1,505 characters
        message(me, "Qapla'", "klingon", Subject="Klingon", Content_Type="text/plain; charset=x-klingon"),
        message(me, "See you", "broken", Subject="Broken", X_Note="fine\r\nThis header line has no colon"),
    ]
    assert max(len(line) for line in sent[2].split(b"\r\n")) > 1_500
    for raw in sent:
        code, reply = send(local, raw)
        assert code == 250, reply
    local.drain()

    touches = local.get(f"/contacts/{claire['contact_id']}/interactions").json["items"]
    assert sorted((touch["subject"], touch["summary"][:9]) for touch in touches) == [
        ("A long line", "Long word"),
        ("Grüße", "Tschüss!"),
    ]
    (suggestion,) = local.get("/inbound/suggestions").json["items"]
    assert (suggestion["email"], suggestion["name"]) == ("jürgen@exämple.com", "Jürgen Müller")

    quarantine = local.get("/inbound/quarantine").json["items"]
    assert kept(local) == {
        "Von Jürgen": ["unverified_sender"],
        "Klingon": ["unreadable"],
        "Broken": ["unreadable"],
    }
    details = {item["subject"]: item["reasons"][0]["detail"] for item in quarantine}
    assert details["Von Jürgen"] == "jürgen@exämple.com is not one of your verified addresses"
    assert "unknown charset 'x-klingon'" in details["Klingon"]
    assert "MissingHeaderBodySeparatorDefect" in details["Broken"]


SPOOFS = [
    "From: networker@example.com <attacker@evil.example>",
    "From: (networker@example.com) <attacker@evil.example>",
    "From: networker@example.com (x) <attacker@evil.example>",
    "From: <networker@example.com>@evil.example",
    "From: networker@example.com, attacker@evil.example",
    "From: Friends: networker@example.com;",
    "From: =?utf-8?q?networker=40example.com?=",
    "From: networker@example.com\r\nFrom: attacker@evil.example",
]


def test_no_spoofed_author_is_logged_and_the_genuine_message_after_them_is(local):
    claire = local.post("/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]}).json
    local.drain()

    for number, from_lines in enumerate(SPOOFS):  # the first with the Message-ID of the genuine message below
        assert (
            send(local, message(from_lines, "Pay this", f"spoof{number}" if number else "real", Subject=f"#{number}"))[
                0
            ]
            == 250
        )
    assert send(local, message(f"From: {DEV_EMAIL}", "Lunch?", "real", Subject="Lunch"))[0] == 250
    local.drain()

    assert summaries(local, claire["contact_id"]) == ["Lunch?"]
    assert kept(local) == {f"#{number}": ["ambiguous_sender"] for number in range(len(SPOOFS))}
