"""The dead-letter replay tools (`python -m infra.ops redrive <queue>`) against the stack moto created from
template.yaml: each dead letter is made the way the local runtime makes it (the real handler failing
under its pump, its SES receiver or its queue), then the command's `main` replays it through boto3, and
the effect is checked (the contact refreshed, the mail logged, the message back and processed)."""

from __future__ import annotations

import io
import json
import uuid
from datetime import timedelta
from functools import cache

import boto3
import pytest
from moto.awslambda.models import LambdaFunction

from infra.local.functions import load_handler
from infra.local.provision import REGION, STACK_NAME
from infra.local.queues import QueuePump
from infra.local.ses import Receiver
from infra.ops.__main__ import main
from rapport import clock
from rapport.services import followups, imports, inbound
from tests.integration.conftest import NOW, LambdaContext, a_mobile, verify_phone
from tests.integration.test_inbound_email import email
from tests.integration.test_linkedin_import import CLAIRE, export, take_chunks, upload, waiting_chunk


@cache
def sqs():
    return boto3.client("sqs", region_name=REGION)  # once the stack fixture set moto's environment


def broken(*args, **kwargs):
    raise RuntimeError("the table is down")


@pytest.fixture
def lambdas(stack, stream, monkeypatch):
    """moto's Lambda invokes run the real handler in this process (moto would need Docker), with the
    answer Lambda gives: the result, or the error and `X-Amz-Function-Error: Unhandled`."""
    logical = {physical: name for name, physical in stack.resources.items()}

    def invoke(function, body, request_headers, response_headers):
        try:
            result = stream.invoker(logical[function.function_name], json.loads(body) if body else {})
        except Exception as error:
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorType": type(error).__name__, "errorMessage": str(error)}).encode()
        return json.dumps(result).encode()

    monkeypatch.setattr(LambdaFunction, "invoke", invoke)


def url(stack, queue: str) -> str:
    return stack.resources[queue]


def empty(queue_url: str) -> None:
    """Delete what a queue holds (PurgeQueue is allowed once a minute)."""
    while messages := sqs().receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            sqs().delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])


@pytest.fixture(autouse=True)
def empty_queues(stack):
    """Tests share the stack: each starts with the dead-letter queues and their sources empty."""
    for queue in ("OnChange", "Inbound", "InboundSms", "Import", "Delivery"):
        empty(url(stack, f"{queue}DeadLetters"))
    for queue in ("DeliveryQueue", "InboundSmsQueue", "ImportQueue"):
        empty(url(stack, queue))


def bodies(queue_url: str) -> list[dict]:
    """Every visible message of a queue, left there."""
    found = sqs().receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    return found.get("Messages", [])


def redrive(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["redrive", *args, "--stack", STACK_NAME], out=out)
    return status, out.getvalue()


def stale_contact(api, stream, monkeypatch) -> str:
    """A contact whose touch the stream reaction gave up on: its follow-up still says no touch."""
    contact = api.post("/contacts", {"name": "Claire Martin", "stage": "met"}).body["contact_id"]
    stream.drain()
    with monkeypatch.context() as broken_refresh:
        broken_refresh.setattr(followups, "refresh", broken)
        logged = api.post(
            "/interactions",
            {"kind": "coffee", "contact_ids": [contact], "summary": "Coffee", "occurred_at": NOW.isoformat()},
        )
        assert logged.status == 201, logged.body
        stream.drain()
    assert api.get(f"/contacts/{contact}").body["last_touch_at"] is None
    return contact


def test_a_stream_batch_given_up_is_read_again_and_reacted_to(lambdas, api, stream, stack, monkeypatch):
    contact = stale_contact(api, stream, monkeypatch)
    (dead,) = bodies(url(stack, "OnChangeDeadLetters"))
    info = json.loads(dead["Body"])["DDBStreamBatchInfo"]
    assert info["batchSize"] >= 1 and info["startSequenceNumber"] <= info["endSequenceNumber"]

    status, said = redrive("on-change", "--dry-run")
    assert status == 0 and "1 would be replayed" in said and info["shardId"] in said
    assert len(bodies(url(stack, "OnChangeDeadLetters"))) == 1  # a dry run changes nothing
    assert api.get(f"/contacts/{contact}").body["last_touch_at"] is None

    status, said = redrive("on-change")
    assert status == 0, said
    assert "read from the stream and reacted to again" in said and "1 replayed and deleted" in said
    assert api.get(f"/contacts/{contact}").body["last_touch_at"] is not None
    assert bodies(url(stack, "OnChangeDeadLetters")) == []


def test_a_stream_batch_out_of_the_stream_is_recomputed_from_state(lambdas, api, stream, stack, monkeypatch):
    contact = stale_contact(api, stream, monkeypatch)
    (dead,) = bodies(url(stack, "OnChangeDeadLetters"))
    empty(url(stack, "OnChangeDeadLetters"))
    record = json.loads(dead["Body"])  # the same record, 25 hours later: the stream no longer has it
    record["DDBStreamBatchInfo"]["approximateArrivalOfFirstRecord"] = "2026-11-19T08:00:00Z"
    sqs().send_message(QueueUrl=url(stack, "OnChangeDeadLetters"), MessageBody=json.dumps(record))
    clock.freeze(NOW + timedelta(minutes=1))

    status, said = redrive("on-change")
    assert status == 0, said
    assert "recomputed from state for every networker" in said and "contacts changed" in said
    assert api.get(f"/contacts/{contact}").body["last_touch_at"] is not None


def test_a_stream_batch_failing_again_is_kept(lambdas, api, stream, stack, monkeypatch):
    stale_contact(api, stream, monkeypatch)
    monkeypatch.setattr(followups, "refresh", broken)
    status, said = redrive("on-change")
    assert status == 1 and "failed again" in said and "1 failed and kept" in said
    assert len(bodies(url(stack, "OnChangeDeadLetters"))) == 1  # visible again for the next run


def test_inbound_mail_given_up_is_invoked_again_from_its_raw_message(lambdas, api, stream, stack, monkeypatch):
    address = api.get("/me").body["inbound_address"]
    claire = api.post("/contacts", {"name": "Claire", "emails": ["claire@example.com"]}).body["contact_id"]
    stream.drain()
    receiver = Receiver(stack.receipt_rules, stack.async_configs, stream.invoker)
    raw = email("Me <me@example.com>", "Claire <claire@example.com>", "Good to see you")
    with monkeypatch.context() as failing:
        failing.setattr(inbound, "receive", broken)
        receiver.receive(raw, "me@example.com", [address])  # three tries, then the dead letters
    (dead,) = bodies(url(stack, "InboundDeadLetters"))
    assert json.loads(dead["Body"])["requestContext"]["condition"] == "RetriesExhausted"
    assert api.get(f"/contacts/{claire}/interactions").body["items"] == []

    status, said = redrive("inbound-email")
    assert status == 0 and "InboundEmailFunction ran again" in said, said
    stream.drain()
    (touch,) = api.get(f"/contacts/{claire}/interactions").body["items"]
    assert touch["kind"] == "email" and touch["source"] == "email"
    assert bodies(url(stack, "InboundDeadLetters")) == []
    assert redrive("inbound-email") == (
        0,
        "inbound-email: replaying InboundDeadLetters of stack rapport-local\n"
        "inbound-email: 0 replayed and deleted, 0 failed and kept\n",
    )


def test_inbound_mail_whose_raw_message_expired_is_kept(lambdas, api, stack):
    record = {
        "requestContext": {"condition": "EventAgeExceeded"},
        "requestPayload": {
            "Records": [{"eventSource": "aws:ses", "ses": {"mail": {"messageId": "gone0000"}, "receipt": {}}}]
        },
    }
    sqs().send_message(QueueUrl=url(stack, "InboundDeadLetters"), MessageBody=json.dumps(record))
    status, said = redrive("inbound-email")
    assert status == 1 and "raw/gone0000 is gone" in said
    assert len(bodies(url(stack, "InboundDeadLetters"))) == 1


def test_a_text_given_up_is_moved_back_to_its_queue_and_acted_on(api, stream, stack):
    number = a_mobile()
    verify_phone(api, stream, number)
    payload = {
        "originationNumber": number,
        "destinationNumber": "+18005550100",
        "messageBody": "STOP",
        "inboundMessageId": str(uuid.uuid4()),
        "previousPublishedMessageId": "p",
    }
    sqs().send_message(QueueUrl=url(stack, "InboundSmsDeadLetters"), MessageBody=json.dumps(payload))

    status, said = redrive("inbound-sms")
    assert status == 0 and "1 replayed and deleted" in said, said
    assert bodies(url(stack, "InboundSmsDeadLetters")) == []
    (moved,) = bodies(url(stack, "InboundSmsQueue"))
    assert json.loads(moved["Body"]) == payload
    (mapping,) = [m for m in stack.queue_mappings if m.function == "InboundSmsFunction"]
    assert QueuePump(mapping, stream.invoker).pump().failed == 0
    assert api.get("/me").body["sms_stopped"] is True


def test_a_failed_import_chunk_resumes_its_job(api, stream, stack, monkeypatch):
    started = upload(api, export(CLAIRE))
    record = waiting_chunk(stream)
    with monkeypatch.context() as failing:
        failing.setattr(imports, "_take", broken)
        last_try = record | {"attributes": {"ApproximateReceiveCount": "3"}}
        assert load_handler("ImportFunction")({"Records": [last_try]}, LambdaContext())["batchItemFailures"]
    sqs().send_message(QueueUrl=url(stack, "ImportDeadLetters"), MessageBody=record["body"])  # as the redrive does
    assert api.get(started.headers["location"]).body["status"] == "failed"

    status, said = redrive("import")
    assert status == 0 and "job resumed" in said, said
    assert take_chunks(stream) == 1
    job = api.get(started.headers["location"]).body
    assert job["status"] == "done" and job["created"] == 1 and job["failure"] is None
    assert bodies(url(stack, "ImportDeadLetters")) == []


def test_a_digest_given_up_by_the_scheduler_goes_back_with_its_attributes(stack):
    body = json.dumps({"kind": "digest", "networker_id": "n", "scheduled_time": "2026-11-20T08:00:00Z"})
    attributes = {"ERROR_CODE": {"DataType": "String", "StringValue": "ThrottlingException"}}
    sqs().send_message(QueueUrl=url(stack, "DeliveryDeadLetters"), MessageBody=body, MessageAttributes=attributes)
    status, said = redrive("delivery", "--dry-run")
    assert status == 0 and "back to DeliveryQueue" in said and bodies(url(stack, "DeliveryQueue")) == []

    status, said = redrive("delivery", "--batch", "1", "--limit", "1")
    assert status == 0, said
    (moved,) = sqs().receive_message(QueueUrl=url(stack, "DeliveryQueue"), MessageAttributeNames=["All"])["Messages"]
    assert moved["Body"] == body and moved["MessageAttributes"]["ERROR_CODE"]["StringValue"] == "ThrottlingException"
    assert bodies(url(stack, "DeliveryDeadLetters")) == []


def test_an_account_deletion_given_up_goes_back_and_finishes(api, stream, stack):
    me = api.get("/me").body
    assert api.call("DELETE", "/me", {"confirm": me["emails"][0]["address"]}).status == 202
    body = json.dumps({"networker_id": me["networker_id"]})
    sqs().send_message(QueueUrl=url(stack, "AccountDeletionDeadLetters"), MessageBody=body)

    status, said = redrive("account-deletion")
    assert status == 0 and "1 replayed and deleted" in said, said
    assert bodies(url(stack, "AccountDeletionDeadLetters")) == []
    stream.drain()  # the mark's own request joins the one moved back: deleting twice is deleting once
    (mapping,) = [m for m in stack.queue_mappings if m.function == "DeleteAccountFunction"]
    assert QueuePump(mapping, stream.invoker).pump().failed == 0
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    key = {"pk": {"S": f"NW#{me['networker_id']}"}, "sk": {"S": "PROFILE"}}
    assert "Item" not in dynamodb.get_item(TableName=stack.table_name, Key=key)
