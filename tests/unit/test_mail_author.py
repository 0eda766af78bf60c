"""Who wrote an inbound message, read strictly from its From header: a stranger's mail never passes for the
networker's, whatever their address is made to look like in it."""

import pytest

from rapport.mail import Address, read_message

NETWORKER = "networker@example.com"
INBOUND = "log+s3cr3t@in.rapport.test"
REST = b"To: Claire <claire@example.com>\r\nSubject: Lunch\r\nMessage-ID: <lunch.1@mail.example.com>\r\n\r\nHello\r\n"


def read(from_lines: bytes):
    return read_message(from_lines + b"\r\n" + REST, {NETWORKER}, INBOUND)


# Each is a message a stranger wrote, made to look like the networker's (every one was once logged as theirs).
SPOOFS = {
    "address as display name": (b"From: networker@example.com <attacker@evil.example>", "two addresses"),
    "address in a comment": (b"From: (networker@example.com) <attacker@evil.example>", "two addresses"),
    "address, comment, address": (b"From: networker@example.com (x) <attacker@evil.example>", "two addresses"),
    "angle address with a domain after": (b"From: <networker@example.com>@evil.example", "more than the address"),
    "two mailboxes": (b"From: networker@example.com, attacker@evil.example", "names 2 senders"),
    "group": (b"From: Friends: networker@example.com;", "is a group, not one sender"),
    "encoded-word address": (b"From: =?utf-8?q?networker=40example.com?=", "address is written encoded"),
    "two From headers": (b"From: networker@example.com\r\nFrom: attacker@evil.example", "it has 2 From headers"),
    "encoded-word display name": (b"From: =?utf-8?q?networker=40example.com?= <x@evil.example>", "two addresses"),
    "nested comments": (b"From: " + b"(" * 2000 + b"networker@example.com", "could not be read"),
}


@pytest.mark.parametrize(("from_lines", "doubt"), SPOOFS.values(), ids=SPOOFS.keys())
def test_a_from_header_that_leaves_the_author_in_doubt_names_no_sender(from_lines, doubt):
    result = read(from_lines)
    assert result.sender is None
    assert doubt in result.sender_doubt
    assert result.mode == "unknown_sender"  # never a BCC or a forward of the networker's
    assert NETWORKER not in [person.email for person in result.participants]


def test_the_doubt_names_the_other_address_and_quotes_the_header():
    doubt = read(SPOOFS["address as display name"][0]).sender_doubt
    assert doubt == (
        "its From header holds two addresses, networker@example.com and attacker@evil.example "
        "(From: networker@example.com <attacker@evil.example>)"
    )


@pytest.mark.parametrize(
    ("from_lines", "sender"),
    [
        (b"From: networker@example.com", Address(None, NETWORKER)),
        (b"From: Jane Doe <networker@example.com>", Address("Jane Doe", NETWORKER)),
        (b'From: "Doe, Jane" <networker@example.com>', Address("Doe, Jane", NETWORKER)),
        (b"From: Jane Q. Doe <networker@example.com>", Address("Jane Q. Doe", NETWORKER)),  # obsolete, common
        (b"From: =?utf-8?q?J=C3=A9r=C3=B4me?= <networker@example.com>", Address("Jérôme", NETWORKER)),
        ("From: Jérôme <networker@example.com>".encode(), Address("Jérôme", NETWORKER)),  # RFC 6532
        (b"From: Jane\r\n <networker@example.com>", Address("Jane", NETWORKER)),  # folded
        (b'From: "networker@example.com" <networker@example.com>', Address(NETWORKER, NETWORKER)),
        (b"From: NetWorker@Example.COM (Jane)", Address(None, "NetWorker@Example.COM")),
    ],
)
def test_the_networkers_own_mail_is_read_as_theirs(from_lines, sender):
    result = read(from_lines)
    assert (result.sender, result.sender_doubt) == (sender, None)
    assert result.mode == "bcc"


def test_an_address_quoted_as_a_local_part_is_the_whole_address_not_the_networkers():
    result = read(b'From: "networker@example.com"@evil.example')
    assert result.sender == Address(None, '"networker@example.com"@evil.example')
    assert result.mode == "unknown_sender"


def test_a_utf8_address_is_read_as_it_is_written():
    result = read("From: Jürgen Müller <jürgen@exämple.com>".encode())
    assert result.sender == Address("Jürgen Müller", "jürgen@exämple.com")
    assert result.mode == "unknown_sender" and result.sender_doubt is None


@pytest.mark.parametrize(("from_lines", "problem"), [(b"X-Not-From: x", "no From header"), (b"From: ", "no address")])
def test_no_author_at_all_is_a_problem_that_makes_the_message_unreadable(from_lines, problem):
    result = read(from_lines)
    assert result.sender is None and result.sender_doubt is None
    assert [p for p in result.unreadable if p.startswith(problem)]
