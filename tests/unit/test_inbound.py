"""The pure rules of logging by email: inbound addresses, message identity, SES verdicts, reasons."""

import pytest

from rapport.domain.inbound import (
    ReasonCode,
    Verdicts,
    authentication,
    inbound_address,
    message_key,
    new_inbound_token,
    sender_reason,
    token_of,
)


def test_an_inbound_address_reads_back_its_token_in_any_case():
    token = new_inbound_token()
    address = inbound_address(token, "in.rapport.example")
    assert address == f"log+{token}@in.rapport.example"
    assert token_of(address.upper(), "in.rapport.example") == token
    assert token_of(f" {address} ", "IN.RAPPORT.EXAMPLE") == token


@pytest.mark.parametrize(
    "recipient",
    [
        "log+abcdefghijklmnop@other.example",  # another domain
        "hello+abcdefghijklmnop@in.rapport.example",  # another local part
        "log+short@in.rapport.example",
        "log+abcdefghijklmnop1@in.rapport.example",  # not base32
        "log@in.rapport.example",
        "not an address",
    ],
)
def test_anything_else_has_no_token(recipient):
    assert token_of(recipient, "in.rapport.example") is None


def test_tokens_are_new_each_time():
    assert len({new_inbound_token() for _ in range(100)}) == 100


def test_a_message_is_the_same_by_message_id_whatever_ses_called_it():
    assert message_key("<A@b.example>", "ses-1") == message_key(" <a@b.example> ", "ses-2")
    assert message_key(None, "ses-1") != message_key(None, "ses-2")
    assert message_key("", "ses-1") == message_key(None, "ses-1")


PASS = Verdicts(spf="PASS", dkim="PASS", dmarc="PASS", spam="PASS", virus="PASS")


@pytest.mark.parametrize(
    ("changes", "codes"),
    [
        ({}, []),
        ({"spf": "FAIL", "dkim": "FAIL"}, []),  # DMARC passed
        ({"spf": "GRAY", "dmarc": "GRAY"}, []),  # DKIM passed
        ({"dmarc": "FAIL"}, [ReasonCode.UNAUTHENTICATED]),  # whatever SPF and DKIM say
        ({"spf": "GRAY", "dkim": "FAIL", "dmarc": "GRAY"}, [ReasonCode.UNAUTHENTICATED]),
        ({"spam": "FAIL"}, [ReasonCode.SPAM]),
        ({"virus": "FAIL", "spam": "DISABLED"}, [ReasonCode.VIRUS, ReasonCode.SPAM]),
    ],
)
def test_authentication(changes, codes):
    assert [reason.code for reason in authentication(PASS.model_copy(update=changes))] == codes


def test_the_sender_must_be_a_verified_address():
    assert sender_reason("Me@Example.com", {"me@example.com"}, set()) == []
    (pending,) = sender_reason("me@work.example", {"me@example.com"}, {"me@work.example"})
    assert pending.code is ReasonCode.UNVERIFIED_SENDER and "not confirmed yet" in pending.detail
    (stranger,) = sender_reason("x@evil.example", {"me@example.com"}, set())
    assert "not one of your verified addresses" in stranger.detail


def test_a_doubtful_author_is_an_ambiguous_sender_whatever_the_address():
    (reason,) = sender_reason(None, {"me@example.com"}, set(), "it has 2 From headers")
    assert reason.code is ReasonCode.AMBIGUOUS_SENDER
    assert reason.detail == "who sent it cannot be told for sure: it has 2 From headers"


def test_a_strangers_message_id_never_gives_the_key_of_the_networkers_message():
    mine = message_key("<x@b.example>", "ses-1")
    assert message_key("<x@b.example>", "ses-2", "attacker@evil.example") != mine
    assert message_key("<x@b.example>", "ses-2", "") != mine  # nobody could be told
    assert message_key("<x@b.example>", "ses-2", "Me@Example.com") == message_key(
        "<X@b.example>", "ses-3", "me@example.com"
    )
