"""End-to-end: mail sent over SMTP to the local runtime is received as SES receives it.

The runtime's functions are stand-ins: what is tested is the hand-over (the raw message in the rule's
bucket, the receipt event, Lambda's asynchronous retries and failure record), not the inbound
function. The listener answers only once the message has been handled, so no test waits.
"""

from __future__ import annotations

import json
import os
import re
import smtplib
import socket
from datetime import UTC, datetime

import boto3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra.local import smtp
from infra.local.provision import REGION
from infra.local.ses import mail_object
from infra.local.smtp import SmtpPortInUse
from tests.e2e.conftest import stand_ins
from tests.unit.test_mail_properties import SETTINGS, messages, mutated

INBOUND = "log+k3y@in.rapport.example"
RAW = (
    b"From: Ada Lovelace <ada@example.com>\r\n"
    b'To: Grace Hopper <grace@example.org>, "Babbage, Charles" <charles@example.org>\r\n'
    b"Cc: alan@example.net\r\n"
    b"Subject: Coffee next week?\r\n"
    b"Date: Tue, 3 Mar 2026 09:15:00 +0100\r\n"
    b"Message-ID: <c0ffee@example.com>\r\n"
    b"X-Long: first part\r\n"
    b"  second part\r\n"
    b"\r\n"
    b"Lovely to meet you.\r\n"
    b".. a line that starts with a dot\r\n"
)


def send(port: int, sender: str, recipients: list[str], raw: bytes) -> tuple[int, str]:
    """One SMTP transaction without SIZE: the reply to DATA (or the refusal before it)."""
    with smtplib.SMTP(smtp.HOST, port, timeout=30) as client:
        client.ehlo()
        code, reply = client.mail(sender)
        assert code == 250, reply
        refusals = [(code, reply) for code, reply in map(client.rcpt, recipients) if code != 250]
        if len(refusals) == len(recipients):
            code, reply = refusals[0]
        else:
            code, reply = client.data(raw)
        return code, reply.decode()


def stored(bucket: str) -> dict[str, bytes]:
    s3 = boto3.client("s3", region_name=REGION)
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def test_a_message_for_the_inbound_domain_is_stored_byte_for_byte_then_handed_over_as_ses_does(start_runtime, tmp_path):
    events = []
    runtime = start_runtime(
        tmp_path / "state", handlers=stand_ins(InboundEmailFunction=lambda event, _: events.append(event))
    ).runtime
    assert runtime.inbound_domain == "in.rapport.example"

    code, reply = send(runtime.smtp_port, "ada@example.com", [INBOUND, "Other@In.Rapport.Example"], RAW)

    assert code == 250
    message_id = re.fullmatch(r"OK ([a-z0-9]{20,})", reply).group(1)
    assert stored(runtime.stack.resources["InboundMailBucket"]) == {f"raw/{message_id}": RAW}  # dots unstuffed
    (event,) = events
    (record,) = event["Records"]
    assert (record["eventSource"], record["eventVersion"]) == ("aws:ses", "1.0")
    mail, receipt = record["ses"]["mail"], record["ses"]["receipt"]
    assert mail["messageId"] == message_id
    assert mail["source"] == "ada@example.com"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", mail["timestamp"])
    # destination: the To and Cc of the headers; the envelope's recipients are the receipt's
    assert mail["destination"] == ["grace@example.org", "charles@example.org", "alan@example.net"]
    assert receipt["recipients"] == [INBOUND, "Other@In.Rapport.Example"]
    assert mail["headersTruncated"] is False
    assert [header["name"] for header in mail["headers"]] == [
        "From", "To", "Cc", "Subject", "Date", "Message-ID", "X-Long"
    ]  # fmt: skip
    assert mail["headers"][-1]["value"] == "first part  second part"
    assert mail["commonHeaders"] == {
        "returnPath": "ada@example.com",
        "from": ["Ada Lovelace <ada@example.com>"],
        "date": "Tue, 3 Mar 2026 09:15:00 +0100",
        "to": ["Grace Hopper <grace@example.org>", '"Babbage, Charles" <charles@example.org>'],
        "cc": ["alan@example.net"],
        "messageId": "<c0ffee@example.com>",
        "subject": "Coffee next week?",
    }
    verdicts = ("spamVerdict", "virusVerdict", "spfVerdict", "dkimVerdict", "dmarcVerdict")
    assert {verdict: receipt[verdict] for verdict in verdicts} == dict.fromkeys(verdicts, {"status": "PASS"})
    assert receipt["action"] == {
        "type": "Lambda",
        "functionArn": runtime.invoker.arn("InboundEmailFunction"),
        "invocationType": "Event",
    }
    assert isinstance(receipt["processingTimeMillis"], int)


def test_a_recipient_at_another_domain_is_refused_with_550_and_nothing_is_stored(start_runtime, tmp_path):
    events = []
    runtime = start_runtime(
        tmp_path / "state", handlers=stand_ins(InboundEmailFunction=lambda event, _: events.append(event))
    ).runtime

    code, reply = send(runtime.smtp_port, "ada@example.com", ["log+k3y@example.com"], RAW)

    assert code == 550
    assert reply.startswith("5.1.1 <log+k3y@example.com>") and "in.rapport.example only" in reply
    assert stored(runtime.stack.resources["InboundMailBucket"]) == {}
    assert events == []

    # A message for one accepted and one refused recipient reaches the accepted one only.
    code, _ = send(runtime.smtp_port, "ada@example.com", ["someone@sub.in.rapport.example", INBOUND], RAW)
    assert code == 250
    assert [event["Records"][0]["ses"]["receipt"]["recipients"] for event in events] == [[INBOUND]]


def test_a_function_that_keeps_failing_is_called_three_times_then_the_failure_record_is_dead_lettered(
    start_runtime, tmp_path
):
    calls = []

    def failing(event, _context):
        calls.append(event)
        raise RuntimeError("cannot read the message")

    runtime = start_runtime(tmp_path / "state", handlers=stand_ins(InboundEmailFunction=failing)).runtime
    config = runtime.stack.async_configs["InboundEmailFunction"]
    dead_letters = runtime.stack.resources["InboundDeadLetters"]
    assert (config.maximum_retry_attempts, config.on_failure_queue_url) == (2, dead_letters)

    code, reply = send(runtime.smtp_port, "ada@example.com", [INBOUND], RAW)

    assert code == 250  # SES has the message: what the function does with it is Lambda's business
    assert len(calls) == 3 and calls[0] == calls[1] == calls[2]
    sqs = boto3.client("sqs", region_name=REGION)
    (message,) = sqs.receive_message(QueueUrl=dead_letters, MaxNumberOfMessages=10)["Messages"]
    record = json.loads(message["Body"])
    assert record["version"] == "1.0"
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["requestContext"]["functionArn"] == runtime.invoker.arn("InboundEmailFunction") + ":$LATEST"
    assert record["requestPayload"] == calls[0]
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"}
    assert record["responsePayload"]["errorType"] == "RuntimeError"
    assert record["responsePayload"]["errorMessage"] == "cannot read the message"
    message_id = reply.removeprefix("OK ")
    assert record["requestPayload"]["Records"][0]["ses"]["mail"]["messageId"] == message_id
    assert f"raw/{message_id}" in stored(runtime.stack.resources["InboundMailBucket"])  # kept for a replay


def test_a_message_over_the_size_limit_is_refused_with_552(start_runtime, tmp_path, monkeypatch):
    assert smtp.MAX_MESSAGE_BYTES == 40 * 1024 * 1024  # SES's; made small below to test it cheaply
    monkeypatch.setattr(smtp, "MAX_MESSAGE_BYTES", 1000)
    events = []
    runtime = start_runtime(
        tmp_path / "state", handlers=stand_ins(InboundEmailFunction=lambda event, _: events.append(event))
    ).runtime
    big = b"Subject: big\r\n\r\n" + b"x" * 78 + b"\r\n" + (b"y" * 78 + b"\r\n") * 12

    with smtplib.SMTP(smtp.HOST, runtime.smtp_port, timeout=30) as client:
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            client.sendmail("ada@example.com", [INBOUND], big)  # declares its SIZE: refused at MAIL FROM
    assert refused.value.smtp_code == 552

    code, _ = send(runtime.smtp_port, "ada@example.com", [INBOUND], big)  # no SIZE: refused after DATA
    assert code == 552
    assert stored(runtime.stack.resources["InboundMailBucket"]) == {}
    assert events == []

    code, _ = send(runtime.smtp_port, "ada@example.com", [INBOUND], big[:990])
    assert code == 250


def test_the_listener_starts_and_stops_with_the_runtime(start_runtime, tmp_path):
    runtime = start_runtime(tmp_path / "state", handlers=stand_ins()).runtime
    port = runtime.smtp_port
    assert os.environ["PUBLIC_API_URL"] == runtime.url  # the deliver function's links point here
    assert send(port, "ada@example.com", [INBOUND], RAW)[0] == 250

    with socket.socket() as holder:  # a second runtime cannot take a port in use
        holder.bind((smtp.HOST, 0))
        holder.listen()
        taken = holder.getsockname()[1]
        runtime.stop()
        with pytest.raises(SmtpPortInUse):
            start_runtime(tmp_path / "other", handlers=stand_ins(), smtp_port=taken)

    with socket.socket() as again:  # as a server would bind it (connections may linger in TIME_WAIT)
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind((smtp.HOST, port))
        again.listen()


def test_what_ses_documents_no_limit_for_is_received_as_it_came(start_runtime, tmp_path):
    """Lines of any length within the size limit, 8-bit data and raw UTF-8 headers (RFC 6532); SMTPUTF8 is
    not offered, as SES does not support it: a UTF-8 address in the envelope is refused."""
    events = []
    runtime = start_runtime(
        tmp_path / "state", handlers=stand_ins(InboundEmailFunction=lambda event, _: events.append(event))
    ).runtime
    with smtplib.SMTP(smtp.HOST, runtime.smtp_port, timeout=30) as client:
        client.ehlo()
        assert client.has_extn("8bitmime") and client.esmtp_features["size"] == str(40 * 1024 * 1024)
        assert not client.has_extn("smtputf8")
        client.send("MAIL FROM:<jürgen@exämple.com>\r\n".encode())  # as a client that ignores EHLO would
        assert client.getreply()[0] == 500

    raw = (
        "From: Jürgen Müller <jürgen@exämple.com>\r\n"
        "To: Grace <grace@example.org>, Łukasz <łukasz@exämple.pl>\r\n"
        "Subject: Grüße\r\n"
        "Content-Type: text/html; charset=x-klingon\r\n"
        "X-Broken header without a colon\r\n"
        "\r\n" + "<p>" + "word " * 300 + "</p>\r\n"
    ).encode()
    code, reply = send(runtime.smtp_port, "bounce@example.com", [INBOUND], raw)

    assert code == 250, reply
    (stored_raw,) = stored(runtime.stack.resources["InboundMailBucket"]).values()
    assert stored_raw == raw  # the 1,500-character line included
    (event,) = events
    mail = event["Records"][0]["ses"]["mail"]
    assert mail["commonHeaders"]["from"] == ["=?utf-8?b?SsO8cmdlbiBNw7xsbGVy?= <jürgen@exämple.com>"]
    assert mail["commonHeaders"]["to"] == ["Grace <grace@example.org>", "=?utf-8?q?=C5=81ukasz?= <łukasz@exämple.pl>"]
    assert mail["destination"] == ["grace@example.org", "łukasz@exämple.pl"]
    assert mail["commonHeaders"]["subject"] == "Grüße"


@settings(SETTINGS, max_examples=100)
@given(st.one_of(messages(), mutated()))
def test_the_receipt_event_is_built_for_any_message(raw):
    mail = mail_object(raw, message_id="m", mail_from="a@b.example", received_at=datetime(2026, 3, 3, tzinfo=UTC))
    json.dumps(mail)
    assert all(isinstance(address, str) for address in mail["destination"])
