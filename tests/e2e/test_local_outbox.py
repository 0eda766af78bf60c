"""The outbox: every email (SES SendEmail, SendRawEmail, SES v2) and SMS (SNS Publish to a phone
number) sent through moto, oldest first, as a person reads it, stamped with the runtime's clock,
announced as it happens, and still there after a restart. Stand-in handlers on the real stack."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import boto3
import pytest

from infra.local import outbox, state
from infra.local.provision import REGION
from rapport import clock
from tests.e2e.conftest import http_request, stand_ins

START = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
SENDER = "digest@rapport.example"  # template.yaml's SenderEmail: verified by the runtime at start


class Texts:
    """A stand-in deliver function that texts the networker, as a digest by SMS would."""

    def handler(self, event: dict, context) -> dict:
        for record in event["Records"]:
            boto3.client("sns", region_name=REGION).publish(PhoneNumber="+33612345678", Message=record["body"])
        return {"batchItemFailures": []}

    @property
    def handlers(self) -> dict:
        return stand_ins(DeliverFunction=self.handler)


@pytest.fixture
def lines() -> list[str]:
    return []


@pytest.fixture
def local(start_runtime, tmp_path, lines):
    client = start_runtime(tmp_path / "state", handlers=Texts().handlers, announce=lines.append)
    clock.freeze(START)
    return client


def items(local) -> list[dict]:
    reply = http_request(local.base_url, "GET", "/_local/outbox")
    assert reply.status == 200, reply.body
    return reply.json["items"]


def send_email(to: str, subject: str, text: str, html: str | None = None) -> None:
    body = {"Text": {"Data": text}} | ({"Html": {"Data": html}} if html else {})
    boto3.client("ses", region_name=REGION).send_email(
        Source=SENDER,
        Destination={"ToAddresses": [to]},
        Message={"Subject": {"Data": subject}, "Body": body},
    )


def digest_mime(to: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Rapport <{SENDER}>"
    message["To"] = to
    message["Subject"] = "Votre digest : 2 personnes à recontacter"
    message.set_content("Bonjour Claire,\n\nÀ recontacter aujourd'hui : Jean Dupont (café, il y a 45 jours).\n")
    message.add_alternative("<html><body><p>Bonjour <b>Claire</b>,</p></body></html>", subtype="html")
    return message


def test_emails_and_sms_are_listed_oldest_first_as_a_person_reads_them(local, lines):
    send_email("claire@example.com", "Plain", "Hello Claire,\nthree people today.")
    clock.advance(timedelta(minutes=1))
    message = digest_mime("claire@example.com")
    boto3.client("ses", region_name=REGION).send_raw_email(
        Source=SENDER, Destinations=["claire@example.com"], RawMessage={"Data": message.as_bytes()}
    )
    clock.advance(timedelta(minutes=1))
    boto3.client("sns", region_name=REGION).publish(PhoneNumber="+33612345678", Message="Rapport: 2 people today")

    assert items(local) == [
        {
            "channel": "email",
            "recipient": "claire@example.com",
            "subject": "Plain",
            "text": "Hello Claire,\nthree people today.",
            "time": "2026-11-27T07:30:00Z",
        },
        {
            "channel": "email",
            "recipient": "claire@example.com",
            "subject": "Votre digest : 2 personnes à recontacter",
            "text": "Bonjour Claire,\n\nÀ recontacter aujourd'hui : Jean Dupont (café, il y a 45 jours).",
            "time": "2026-11-27T07:31:00Z",
        },
        {
            "channel": "sms",
            "recipient": "+33612345678",
            "subject": None,
            "text": "Rapport: 2 people today",
            "time": "2026-11-27T07:32:00Z",
        },
    ]
    assert lines == [
        "outbox 2026-11-27T07:30:00Z email to claire@example.com: Plain",
        "outbox 2026-11-27T07:31:00Z email to claire@example.com: Votre digest : 2 personnes à recontacter",
        "outbox 2026-11-27T07:32:00Z sms   to +33612345678: Rapport: 2 people today",
    ]


def test_an_html_only_body_is_shown_as_its_text(local):
    send_email("claire@example.com", "Both", "the text part", "<p>Hello <b>Claire</b></p><p>Jean &amp; Marie</p>")
    raw = EmailMessage()
    raw["From"], raw["To"], raw["Subject"] = SENDER, "jean@example.com", "HTML only"
    raw.set_content("<html><head><style>p{}</style></head><body><p>Only&nbsp;HTML</p></body></html>", subtype="html")
    boto3.client("ses", region_name=REGION).send_raw_email(RawMessage={"Data": raw.as_bytes()})

    # moto keeps only the HTML part of a SendEmail with both: its text is what the outbox can show
    assert [(item["recipient"], item["text"]) for item in items(local)] == [
        ("claire@example.com", "Hello Claire\nJean & Marie"),
        ("jean@example.com", "Only HTML"),
    ]


def test_ses_v2_sends_are_in_the_outbox_too(local):
    sesv2 = boto3.client("sesv2", region_name=REGION)
    sesv2.send_email(
        FromEmailAddress=SENDER,
        Destination={"ToAddresses": ["claire@example.com"], "CcAddresses": ["jean@example.com"]},
        Content={"Simple": {"Subject": {"Data": "v2"}, "Body": {"Text": {"Data": "simple"}}}},
    )
    sesv2.send_email(
        FromEmailAddress=SENDER,
        Destination={"ToAddresses": ["claire@example.com"]},
        Content={"Raw": {"Data": digest_mime("claire@example.com").as_bytes()}},
    )

    assert [(item["recipient"], item["subject"]) for item in items(local)] == [
        ("claire@example.com, jean@example.com", "v2"),
        ("claire@example.com", "Votre digest : 2 personnes à recontacter"),
    ]


def test_a_send_from_a_function_is_announced_as_it_happens(local, lines):
    sqs = boto3.client("sqs", region_name=REGION)
    sqs.send_message(QueueUrl=local.runtime.stack.resources["DeliveryQueue"], MessageBody="Your digest: Jean Dupont")

    local.drain()

    assert lines == ["outbox 2026-11-27T07:30:00Z sms   to +33612345678: Your digest: Jean Dupont"]
    assert [item["text"] for item in items(local)] == ["Your digest: Jean Dupont"]


def test_the_outbox_survives_a_restart_and_goes_on(start_runtime, tmp_path):
    first = start_runtime(tmp_path / "state", handlers=Texts().handlers)
    clock.freeze(START)
    send_email("claire@example.com", "Before", "sent before the restart")
    first.runtime.stop()

    second = start_runtime(tmp_path / "state", handlers=Texts().handlers)
    clock.freeze(START + timedelta(days=1))
    boto3.client("sns", region_name=REGION).publish(PhoneNumber="+33612345678", Message="after the restart")

    assert [(item["time"], item["text"]) for item in items(second)] == [
        ("2026-11-27T07:30:00Z", "sent before the restart"),
        ("2026-11-28T07:30:00Z", "after the restart"),
    ]
    assert json.loads((tmp_path / "state" / state.STATE_FILE).read_text())["format"] == state.FORMAT


def test_a_state_file_written_before_the_outbox_and_schedules_still_restores(start_runtime, tmp_path):
    (tmp_path / state.STATE_FILE).write_text(
        json.dumps({"format": 1, "saved_at": "2026-11-01T00:00:00+00:00", "clock_offset_seconds": 0.0, "tables": {}})
    )

    local = start_runtime(tmp_path, handlers=Texts().handlers)

    assert items(local) == []


def test_the_console_line_falls_back_to_the_first_line_of_the_text():
    item = {"channel": "sms", "recipient": "+33612345678", "subject": None, "text": "Line one\nline two", "time": "T"}

    assert outbox.line(item) == "outbox T sms   to +33612345678: Line one"
