"""Integration: the real handlers against moto, with the stack created from template.yaml."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

import boto3
import pytest
from moto import mock_aws

from infra.local import invoker
from infra.local.functions import apply_environment, cold_start, load_handler
from infra.local.http_event import Request, build_event, interpret
from infra.local.invoker import Invoker, read_configs
from infra.local.provision import create_stack, use_local_aws_environment
from infra.local.pumps import StreamPump, drain
from infra.local.routing import Router
from infra.local.ses import mail_object, new_message_id, receipt_event
from infra.local.template import http_routes
from rapport import clock

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


class LambdaContext(invoker.LambdaContext):
    """The runtime's Lambda context, with a 60 s budget."""

    def __init__(self):
        super().__init__("tests", "arn:aws:lambda:us-east-1:123456789012:function:tests", 512, 60)


@pytest.fixture(scope="module")
def stack():
    use_local_aws_environment()
    with mock_aws():
        created = create_stack()
        apply_environment(created)
        cold_start()
        yield created
    cold_start()


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(NOW)
    yield
    clock.reset()


@dataclass
class Reply:
    status: int
    body: object
    headers: dict


class Api:
    """Calls the API function with the events the local gateway builds (route, claims and all),
    as API Gateway passes them once its JWT authorizer has verified the token."""

    router = Router(http_routes())

    def __init__(self, sub: str | None, email: str = "me@example.com", name: str = "Me", email_verified: bool = True):
        self.handler = load_handler("ApiFunction")
        verified = "true" if email_verified else "false"  # claims are strings, as API Gateway passes them
        self.claims = {"sub": sub, "email": email, "email_verified": verified, "name": name} if sub else None

    def call(
        self,
        method: str,
        path: str,
        body=None,
        *,
        raw: str | bytes | None = None,
        query: dict | None = None,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Reply:
        text = raw if raw is not None else ("" if body is None else json.dumps(body))
        data = text if isinstance(text, bytes) else text.encode()
        headers = [("content-type", content_type), ("host", "127.0.0.1"), *(headers or {}).items()]
        request = Request(method, path, urlencode(query or {}), headers, data, "127.0.0.1", "HTTP/1.1")
        match = self.router.match(method, path)
        assert match is not None, f"no route in template.yaml for {method} {path}"
        event = build_event(
            request, match, self.claims, now=clock.now(), request_id="r", api_id="local", account_id="123456789012"
        )
        response = interpret(self.handler(event, LambdaContext()))
        headers = {name.lower(): value for name, value in response.headers}
        is_json = headers.get("content-type", "").startswith("application/json")
        if headers.get("content-encoding") == "gzip":
            return Reply(response.status, response.body, headers)
        payload = response.body.decode()
        return Reply(response.status, json.loads(payload) if payload and is_json else payload, headers)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.call("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


@pytest.fixture
def api(stack) -> Api:
    """A new networker for every test: tests are isolated the way networkers are."""
    return Api(sub=str(uuid.uuid4()))


@pytest.fixture
def other(stack) -> Api:
    return Api(sub=str(uuid.uuid4()), email="b@example.com", name="B")


class Stream:
    """The table's stream pumped into the real on_change, as its event source mapping would."""

    def __init__(self, stack):
        self.stack = stack
        self.invoker = Invoker({f: load_handler(f) for f in stack.environments}, read_configs(stack))
        self.delivered: list[dict] = []  # every event handed to a stream consumer, for replays
        self.pumps = [
            StreamPump(mapping, self._record, self.invoker.arn(mapping.function), "LATEST")
            for mapping in stack.stream_mappings
        ]

    def _record(self, function: str, event: dict):
        self.delivered.append(event)
        return self.invoker(function, event)

    def drain(self) -> int:
        """Run the reactions until nothing is pending; how many records were consumed."""
        return sum(p.records for p in drain(self.pumps).values())


@pytest.fixture
def stream(stack) -> Stream:
    return Stream(stack)


PASS = {"spf": "PASS", "dkim": "PASS", "dmarc": "PASS", "spam": "PASS", "virus": "PASS"}


class Inbox:
    """What SES's receipt rule of template.yaml does with a message: store it raw in the rule's bucket,
    then invoke the inbound_email function with the receipt event (the verdicts chosen by the test)."""

    def __init__(self, stack):
        (self.rule,) = stack.receipt_rules
        self.handler = load_handler(self.rule.function)

    def event(self, raw: bytes, to: list[str], verdicts: dict, ses_message_id: str) -> dict:
        mail = mail_object(raw, message_id=ses_message_id, mail_from="sender@example.com", received_at=clock.now())
        event = receipt_event(mail, self.rule, to, processing_ms=100)
        event["Records"][0]["ses"]["receipt"] |= {f"{name}Verdict": {"status": v} for name, v in verdicts.items()}
        return event

    def receive(self, raw: bytes, to: list[str], verdicts: dict = PASS) -> str:
        """The SES message id; the function must not fail, whatever the message."""
        ses_message_id = new_message_id()
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.put_object(Bucket=self.rule.bucket, Key=self.rule.object_key_prefix + ses_message_id, Body=raw)
        assert self.handler(self.event(raw, to, verdicts, ses_message_id), LambdaContext()) is None
        return ses_message_id


@pytest.fixture
def inbox(stack) -> Inbox:
    return Inbox(stack)


def deliver_waiting(kind: str) -> None:
    """Deliver what the stream reaction put on the delivery queue to send at once (a link, a code), as the
    queue's event source mapping would; run `stream.drain()` first. Reads the queue to the end: earlier
    tests may have left messages there."""
    sqs = boto3.client("sqs", region_name="us-east-1")
    queue = os.environ["DELIVERY_QUEUE_URL"]
    bodies = []
    while messages := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
            bodies.append(json.loads(message["Body"]))
    records = [sqs_record(body) for body in bodies if body["kind"] == kind]
    assert records, f"nothing of kind {kind} on the delivery queue"
    assert load_handler("DeliverFunction")({"Records": records}, LambdaContext()) == {"batchItemFailures": []}


def sms_sent() -> list[tuple[str, str]]:
    """(phone, text) of every SMS moto's SNS accepted."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    return list(sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages.values())


def a_mobile() -> str:
    """A French mobile number of its own: a number belongs to one networker, and tests share the table.
    Never one ending in 99: moto's SNS takes every such number as opted out of SMS (one draw in 100)."""
    number = uuid.uuid4().int % 10**6
    if number % 100 == 99:
        number -= 1
    return f"+33612{number:06d}"


def verify_phone(api: Api, stream: Stream, number: str) -> None:
    """PUT /me/phone, the code texted, typed back."""
    assert api.call("PUT", "/me/phone", {"phone": number}).status == 202
    stream.drain()
    deliver_waiting("phone_code")
    code = [text for phone, text in sms_sent() if phone == number][-1][:6]
    verified = api.post("/me/phone/verify", {"code": code})
    assert verified.status == 200 and verified.body["phone"] == number, verified.body
    stream.drain()


def sqs_record(body: dict, message_id: str | None = None, receipt: str = "r") -> dict:
    """One record of the Lambda SQS event, as the delivery queue's event source mapping builds it."""
    return {
        "messageId": message_id or str(uuid.uuid4()),
        "receiptHandle": receipt,
        "body": json.dumps(body),
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": os.environ["DELIVERY_QUEUE_ARN"],
        "awsRegion": "us-east-1",
    }
