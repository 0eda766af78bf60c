"""The digest's links, through the API function as API Gateway calls it, without any token: a GET shows a
page and acts on nothing, the POST acts once; one-click unsubscribe turns the digest email off."""

import re
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from infra.local.provision import REGION
from rapport import clock
from tests.integration.conftest import NOW, Api
from tests.integration.test_digests import deliver, emails_sent

FORM = "application/x-www-form-urlencoded"


def last_email() -> EmailMessage:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    raw = ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages[-1].raw_data
    message = message_from_bytes(raw.encode() if isinstance(raw, str) else raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def public(stack) -> Api:
    """A browser or a mail client opening a link: no token."""
    return Api(sub=None)


@pytest.fixture
def digest(api, stream) -> dict:
    """Claire (inner circle) is due on the digest's day: the email sent, her line's links."""
    api.patch("/me", {"locale": "fr"})
    claire = api.post("/contacts", {"name": "Claire Martin", "circle": "inner"}).body["contact_id"]
    stream.drain()
    day = NOW + timedelta(days=14)
    clock.freeze(day)
    assert deliver(api.claims["sub"], at=day) == {"batchItemFailures": []}
    message = last_email()
    text = message.get_body(("plain",)).get_content()
    (done,) = re.findall(r"Fait\u202f: (\S+)", text)
    (snooze,) = re.findall(r"Reporter d'une semaine\u202f: (\S+)", text)
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert f"/app/contacts/{claire}" in text and "/app/settings" in text
    return {"claire": claire, "done": path_of(done), "snooze": path_of(snooze), "unsubscribe": path_of(unsubscribe)}


def reminders(api) -> list[str]:
    return [r["reminder_id"] for r in api.get("/reminders").body["items"]]


def test_done_acts_once_on_the_post_never_on_the_get(api, public, stream, digest):
    due = reminders(api)
    page = public.get(digest["done"])
    assert page.status == 200 and "text/html" in page.headers["content-type"]
    assert 'lang="fr"' in page.body and "Claire Martin" in page.body and '<form method="post">' in page.body
    assert "document.forms[0].submit()" in page.body  # a browser posts at once; a scanner's GET did nothing
    assert reminders(api) == due

    taken = public.post(digest["done"], raw="List-Unsubscribe=One-Click", content_type=FORM)
    assert taken.status == 200 and "Fait\u202f: Claire Martin" in taken.body
    stream.drain()
    assert not [r for r in reminders(api) if digest["claire"] in r]
    touches = api.get(f"/contacts/{digest['claire']}/interactions").body["items"]
    assert [t["kind"] for t in touches] == ["message"]  # as Today's button: the touch logged

    again = public.post(digest["done"], raw="", content_type=FORM)
    assert again.status == 409 and "Déjà fait" in again.body
    assert len(api.get(f"/contacts/{digest['claire']}/interactions").body["items"]) == 1
    assert "Déjà fait" in public.get(digest["done"]).body and "<script>" not in public.get(digest["done"]).body


def test_snooze_puts_the_line_off_a_week(api, public, digest):
    assert public.post(digest["snooze"]).status == 200
    (line,) = [r for r in api.get("/reminders").body["items"] if r["contact"]["contact_id"] == digest["claire"]]
    assert line["snoozed_until"] == (clock.now() + timedelta(days=7)).date().isoformat()
    assert public.post(digest["snooze"]).status == 409


def test_one_click_unsubscribe_turns_the_digest_email_off(api, public, digest):
    assert last_email()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page = public.get(digest["unsubscribe"])
    assert page.status == 200 and "<button" in page.body and "<script>" not in page.body  # a person clicks
    assert api.get("/me").body["channels"]["email"] is True

    taken = public.post(digest["unsubscribe"], raw="List-Unsubscribe=One-Click", content_type=FORM)
    assert taken.status == 200 and "arrêté" in taken.body
    assert api.get("/me").body["channels"] == {"email": False, "sms": False}
    assert public.post(digest["unsubscribe"], raw="List-Unsubscribe=One-Click", content_type=FORM).status == 200

    before = emails_sent()
    assert deliver(api.claims["sub"], at=clock.now() + timedelta(days=1)) == {"batchItemFailures": []}
    assert emails_sent() == before
    assert api.patch("/me", {"channels": {"email": True}}).status == 200  # the settings turn it back on
    # Claire, named before and not acted on, comes back once overdue: by email again
    assert deliver(api.claims["sub"], at=clock.now() + timedelta(days=20)) == {"batchItemFailures": []}
    assert emails_sent() == before + 1


def tampered(path: str) -> str:
    payload, signature = path.rsplit("/", 1)[1].split(".")
    return f"/email-actions/{payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}.{signature}"


@pytest.mark.parametrize(
    "path",
    [
        "/email-actions/nothing",
        "/email-actions/a.b",
        "/email-actions/%FF%FE.x",  # not UTF-8
        "/email-actions/" + "a" * 2100,
    ],
)
def test_what_is_no_link_of_ours_is_a_page_not_a_500(public, path):
    for method in ("GET", "POST"):
        answer = public.call(method, path, content_type=FORM)
        assert 400 <= answer.status < 500, (method, path, answer.status)


def test_changed_expired_and_someone_else_s_links_are_refused(api, other, public, stream, digest):
    for method in ("GET", "POST"):
        answer = public.call(method, tampered(digest["done"]), content_type=FORM)
        assert answer.status == 404 and "Ce lien ne fonctionne pas" in answer.body

    other.get("/me")  # another networker, with their own key once they get a digest
    other.post("/contacts", {"name": "Bruno", "circle": "inner"})
    stream.drain()
    before = emails_sent()
    assert deliver(other.claims["sub"], at=clock.now() + timedelta(days=14)) == {"batchItemFailures": []}
    assert emails_sent() == before + 1
    theirs = path_of(last_email()["List-Unsubscribe"].strip("<>"))
    mine = digest["unsubscribe"].rsplit("/", 1)[1]
    # their signature on my payload: refused
    forged = f"/email-actions/{mine.split('.')[0]}.{theirs.rsplit('.', 1)[1]}"
    assert public.post(forged, content_type=FORM).status == 404
    assert api.get("/me").body["channels"]["email"] is True

    clock.freeze(clock.now() + timedelta(days=15))
    expired = public.post(digest["done"], content_type=FORM)
    assert expired.status == 404 and "expired" in expired.body
    assert [r for r in reminders(api) if digest["claire"] in r]
