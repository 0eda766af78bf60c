"""What moto holds beyond the tables, read out as JSON and put back: the objects of the stack's buckets
(raw mail, import files) and the messages waiting in its queues (dead-letter queues included).

Objects are read and written through the S3 API; which ones changed is told by their ETags, read
from moto's backend (listing through the API costs 20 ms a bucket, at every commit). Messages cannot
be read through the SQS API without receiving them (which changes them), so they are read from
moto's backend, and put back with SendMessage, then given their receive count, visibility and delay
again: a message that failed twice still goes to its dead-letter queue on the receive that would
exceed maxReceiveCount. Message ids and receipt handles are new after a restart (a receipt handle is
void after a restart in SQS's terms too).
"""

from __future__ import annotations

import base64

import boto3
from moto.s3.models import s3_backends
from moto.scheduler.models import scheduler_backends
from moto.sqs.models import sqs_backends

from infra.local import template
from infra.local.provision import REGION, Stack

Objects = dict[str, dict[str, dict]]  # bucket logical id -> key -> {"etag", "body" (base64), "content_type"}


def _resources(stack: Stack, kind: str) -> list[str]:
    resources = template.sam_template()["Resources"]
    return [logical for logical in stack.resources if resources.get(logical, {}).get("Type") == kind]


def bucket_ids(stack: Stack) -> list[str]:
    return _resources(stack, "AWS::S3::Bucket")


def queue_ids(stack: Stack) -> list[str]:
    return _resources(stack, "AWS::SQS::Queue")


def object_tags(stack: Stack, account_id: str) -> dict[str, dict[str, str]]:
    """Each bucket's keys and their ETags: what tells that an object was put, replaced or deleted."""
    buckets = s3_backends[account_id]["aws"].buckets
    tags = {}
    for logical in bucket_ids(stack):
        keys = buckets[stack.resources[logical]].keys
        tags[logical] = {name: keys[name].etag for name in list(keys)}
    return tags


def schedule_marks(account_id: str) -> list[tuple[str, float]]:
    """Every schedule's ARN and last modification: what tells that one was created, changed or deleted."""
    groups = scheduler_backends[account_id][REGION].schedule_groups.values()
    return sorted((entry.arn, entry.last_modified_date) for group in groups for entry in group.schedules.values())


def read_object(stack: Stack, bucket: str, key: str, etag: str) -> dict:
    got = boto3.client("s3", region_name=REGION).get_object(Bucket=stack.resources[bucket], Key=key)
    return {"etag": etag, "body": base64.b64encode(got["Body"].read()).decode(), "content_type": got["ContentType"]}


def restore_objects(stack: Stack, objects: Objects) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    for bucket, entries in objects.items():
        for key, entry in entries.items():
            s3.put_object(
                Bucket=stack.resources[bucket],
                Key=key,
                Body=base64.b64decode(entry["body"]),
                ContentType=entry["content_type"],
            )


def _backend_queue(stack: Stack, account_id: str, logical: str):
    return sqs_backends[account_id][REGION].queues[stack.resources[logical].rsplit("/", 1)[-1]]


def export_queues(stack: Stack, account_id: str) -> dict[str, list[dict]]:
    """Every message of every queue of the stack, in queue order (the non-empty queues only)."""
    queues = {}
    for logical in queue_ids(stack):
        messages = [
            {
                "body": message.body,
                "attributes": {name: _attribute(value) for name, value in message.message_attributes.items()},
                "receive_count": message.approximate_receive_count,
                "sent_timestamp": message.sent_timestamp,
                "visible_at": message.visible_at,
                "delayed_until": message.delayed_until,
                "group_id": message.group_id,
                "deduplication_id": message.deduplication_id,
            }
            for message in _backend_queue(stack, account_id, logical)._messages
        ]
        if messages:
            queues[logical] = messages
    return queues


def _attribute(value: dict) -> dict:
    return {name: base64.b64encode(part).decode() if isinstance(part, bytes) else part for name, part in value.items()}


def _attribute_back(value: dict) -> dict:
    return {**value, "BinaryValue": base64.b64decode(value["BinaryValue"])} if "BinaryValue" in value else value


def restore_queues(stack: Stack, account_id: str, queues: dict[str, list[dict]]) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    for logical, messages in queues.items():
        queue = _backend_queue(stack, account_id, logical)
        for saved in messages:
            extra = {"MessageGroupId": saved["group_id"]} if saved["group_id"] else {}
            if saved["deduplication_id"]:
                extra["MessageDeduplicationId"] = saved["deduplication_id"]
            attributes = {name: _attribute_back(value) for name, value in saved["attributes"].items()}
            sqs.send_message(
                QueueUrl=stack.resources[logical], MessageBody=saved["body"], MessageAttributes=attributes, **extra
            )
            message = queue._messages[-1]
            message.approximate_receive_count = saved["receive_count"]
            message.sent_timestamp = saved["sent_timestamp"]
            message.visible_at = saved["visible_at"]
            message.delayed_until = saved["delayed_until"]
