"""The inbound_email handler on in-memory dependencies: the SES event in, the touch or quarantine out."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from botocore.exceptions import ClientError

from infra.local.provision import ReceiptRule
from infra.local.ses import mail_object, new_message_id, receipt_event
from rapport.adapters.raw_mail import RawMail
from rapport.adapters.settings import InboundEmailSettings
from rapport.domain.contact import ContactCreate
from rapport.domain.inbound import inbound_address
from rapport.services import contacts
from tests.unit.functions.conftest import NOW

DOMAIN = "in.rapport.example"
RULE = ReceiptRule(
    "rules", "log", True, (DOMAIN,), True, "Require", "mail", "raw/", "InboundEmailFunction", "arn", "Event"
)


@pytest.fixture
def app(load):
    return load("InboundEmailFunction")


@pytest.fixture
def deps(app, store, s3):
    settings = InboundEmailSettings.model_validate(
        {
            "TABLE_NAME": "rapport",
            "INBOUND_DOMAIN": DOMAIN,
            "INBOUND_BUCKET": "mail",
            "RAW_MAIL_PREFIX": "raw/",
            "RAW_MAIL_RETENTION_DAYS": 30,
        }
    )
    return app.Dependencies(settings, store, RawMail(s3, "mail", "raw/"))


def arrives(s3, sender: str, to: str, recipient: str, *, kept: bool = True) -> dict:
    """SES keeps the message under raw/<id>, then hands the function its receipt event."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, "Lunch"
    message["Date"] = format_datetime(NOW - timedelta(minutes=5))
    message["Message-ID"] = f"<{new_message_id()}@mail.example.com>"
    message.set_content("Good to see you.")
    raw, message_id = message.as_bytes(), new_message_id()
    if kept:
        s3.put_object(Bucket="mail", Key=f"raw/{message_id}", Body=raw)
    mail = mail_object(raw, message_id=message_id, mail_from=sender, received_at=NOW)
    return receipt_event(mail, RULE, [recipient], 100)


def test_mail_from_the_networker_to_a_contact_is_their_touch(app, store, s3, me, deps, context):
    claire = contacts.create(store, me, ContactCreate(name="Claire", emails=["claire@example.com"]), NOW)
    address = inbound_address(me.inbound_token, DOMAIN)
    app.handler(arrives(s3, "me@example.com", "claire@example.com", address), context, deps)
    (touch,) = store.interactions.created_between(me.networker_id, NOW - timedelta(hours=1), NOW)
    assert touch.contact_ids == [claire.contact_id] and touch.kind == "email"


def test_a_strangers_mail_is_quarantined_naming_its_raw_message(app, store, s3, me, deps, context):
    event = arrives(s3, "mallory@evil.example", "claire@example.com", inbound_address(me.inbound_token, DOMAIN))
    app.handler(event, context, deps)
    (held,) = store.inbound.quarantined(me.networker_id, NOW)
    assert held.raw_message == f"s3://mail/raw/{event['Records'][0]['ses']['mail']['messageId']}"
    assert store.interactions.created_between(me.networker_id, NOW - timedelta(hours=1), NOW) == []


def test_a_raw_message_not_in_the_bucket_fails_the_invocation_and_writes_nothing(app, store, s3, me, deps, context):
    address = inbound_address(me.inbound_token, DOMAIN)
    event = arrives(s3, "me@example.com", "claire@example.com", address, kept=False)
    with pytest.raises(ClientError):  # retried by Lambda, then dead-lettered for a replay
        app.handler(event, context, deps)
    assert store.inbound.quarantined(me.networker_id, NOW) == []
