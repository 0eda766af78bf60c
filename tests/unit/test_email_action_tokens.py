"""Email action tokens: signed, single-purpose, expiring; anything else is refused with NotFound (a 404 page)."""

import base64
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest

from rapport.delivery.email_actions import ActionUrls
from rapport.domain.email_actions import ActionKind, EmailAction, claimed, fingerprint, sign, verify
from rapport.domain.errors import NotFound

NOW = datetime(2027, 1, 4, 8, tzinfo=UTC)
NID = "0194c8f0-7d4b-7000-8b2a-3e4f5a6b7c8d"
KEY, OTHER_KEY = b"k" * 32, b"o" * 32


def action(**fields) -> EmailAction:
    values = {
        "networker_id": NID,
        "action": ActionKind.DONE,
        "contact_id": "c1",
        "reminder_ids": ["follow_up.c1.20270104"],
        "expires": int((NOW + timedelta(days=14)).timestamp()),
        "app_url": "https://app.example",
    }
    return EmailAction(**(values | fields))


def test_a_signed_token_says_what_was_signed():
    token = sign(action(), KEY)
    assert verify(token, KEY, NOW) == action()
    assert claimed(token).networker_id == NID


def test_it_expires():
    token = sign(action(), KEY)
    assert verify(token, KEY, NOW + timedelta(days=14) - timedelta(seconds=1)).action is ActionKind.DONE
    with pytest.raises(NotFound, match="expired"):
        verify(token, KEY, NOW + timedelta(days=14))


def test_another_key_is_someone_else_s_link():
    with pytest.raises(NotFound, match="not one Rapport wrote"):
        verify(sign(action(), OTHER_KEY), KEY, NOW)


def payload_of(token: str) -> dict:
    part = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def with_payload(token: str, payload: dict) -> str:
    part = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"{part}.{token.split('.')[1]}"


@pytest.mark.parametrize(
    "change",
    [
        {"a": "snooze"},  # another action
        {"r": ["follow_up.c2.20270104"]},  # other reminders
        {"e": 2_000_000_000},  # a later expiry
        {"u": "https://evil.example"},  # another page to send to
    ],
)
def test_a_changed_token_is_refused(change):
    token = sign(action(), KEY)
    with pytest.raises(NotFound, match="changed"):
        verify(with_payload(token, payload_of(token) | change), KEY, NOW)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "nodot",
        "a.b.c",
        ".sig",
        "!!!.sig",  # not base64
        base64.urlsafe_b64encode(b"\xff\xfe{").decode().rstrip("=") + ".sig",  # not UTF-8
        base64.urlsafe_b64encode(b"[1, 2]").decode().rstrip("=") + ".sig",  # not the fields
        base64.urlsafe_b64encode(json.dumps({"n": "../x", "a": "done", "e": 1, "u": "https://a"}).encode()).decode()
        + ".sig",  # no networker id
        "é.sig",  # not ASCII
        "a" * 3000 + ".sig",
    ],
)
def test_what_is_no_token_is_refused_before_any_key_is_read(token):
    with pytest.raises(NotFound):
        claimed(token)


def test_the_fingerprint_differs_per_token_and_hides_it():
    first, second = sign(action(), KEY), sign(action(action=ActionKind.SNOOZE), KEY)
    assert fingerprint(first) != fingerprint(second) and len(fingerprint(first)) == 22
    assert fingerprint(first) not in first


def test_a_line_has_done_snooze_and_open_links():
    urls = ActionUrls(NID, KEY, "https://api.example/", "https://app.example/", NOW)
    ids = ["follow_up.c1.20270104", "birthday.c1.20270105"]
    line = urls.line("c1", ids)
    assert line.open == "https://app.example/app/contacts/c1"
    assert urls.settings == "https://app.example/app/settings"
    for url, kind in ((line.done, ActionKind.DONE), (line.snooze, ActionKind.SNOOZE)):
        assert url.startswith("https://api.example/email-actions/")
        said = verify(urlparse(url).path.rsplit("/", 1)[1], KEY, NOW)
        assert (said.action, said.contact_id, said.reminder_ids) == (kind, "c1", ids)
        assert said.expires_at == NOW + timedelta(days=14)
    unsubscribe = verify(urlparse(urls.unsubscribe).path.rsplit("/", 1)[1], KEY, NOW)
    assert unsubscribe.action is ActionKind.UNSUBSCRIBE and unsubscribe.expires_at > NOW + timedelta(days=365)
