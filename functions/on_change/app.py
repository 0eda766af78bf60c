"""Reacts to the table's stream: what is derived from the facts follows them.

An interaction written or deleted refreshes its participants' follow-ups (a greeting, their greetings
campaigns too); a contact whose follow-up inputs changed is refreshed; a deleted contact leaves its
interactions, links and greetings campaigns; a profile change moves the digest and review schedules
(a time-zone change, every follow-up date too); a meeting change moves its brief schedule; an import
started or advanced gets its next chunk taken.
Each record is processed on its own and failures are reported per record (partial batch response).
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

from functools import cache

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from rapport import clock
from rapport.adapters.scheduler import Schedules
from rapport.adapters.settings import OnChangeSettings, load
from rapport.delivery.requests import DeliveryRequest
from rapport.domain.interaction import Kind
from rapport.services import followups, greetings, opportunities, schedules
from rapport.services.imports import ChunkRequest
from rapport.storage import Store, keys

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)

# A contact's follow-up depends on these of its own fields (besides its touches).
FOLLOW_UP_INPUTS = ("declared_stage", "circle", "cadence", "created_at")


@cache
def settings() -> OnChangeSettings:
    return load(OnChangeSettings)


@cache
def store() -> Store:
    return Store(boto3.client("dynamodb"), settings().table_name)


@cache
def scheduler() -> Schedules:
    config = settings()
    return Schedules(
        boto3.client("scheduler"),
        config.digest_schedule_group,
        config.delivery_queue_arn,
        config.scheduler_role_arn,
        config.delivery_dead_letters_arn,
    )


def timezone_of(networker_id: str) -> str:
    profile = store().profiles.get(networker_id)
    return profile.timezone if profile else "UTC"


@cache
def sqs():
    return boto3.client("sqs")


def send_now(kind: str, networker_id: str, token: str) -> None:
    """A message the networker is waiting for (a link, a code): to the deliver function at once."""
    request = DeliveryRequest(kind=kind, networker_id=networker_id, token=token, scheduled_time=clock.now())
    sqs().send_message(QueueUrl=settings().delivery_queue_url, MessageBody=request.model_dump_json())


def next_chunk(networker_id: str, import_id: str, first: int) -> None:
    """An import started or advanced: its next chunk, to the import function."""
    request = ChunkRequest(networker_id=networker_id, import_id=import_id, first=first)
    sqs().send_message(QueueUrl=settings().import_queue_url, MessageBody=request.model_dump_json())


def has_wishes(image: dict) -> bool:
    return bool(image.get("needs") or image.get("offers"))


def react(record: DynamoDBRecord) -> None:
    old = record.dynamodb.old_image or {}
    new = record.dynamodb.new_image or {}
    kind = (new or old).get("type")
    if kind == "email_confirmation":
        if new and not old:  # a new link to send; nothing to do when it is used or expires
            send_now("confirmation", new["networker_id"], new["token"])
        return
    if kind == "import":
        if new.get("status") == "running" and new.get("processed") != old.get("processed"):
            next_chunk(keys.networker_id_of(new["pk"]), new["import_id"], int(new["processed"]))
        return
    if kind == "phone_code":
        if new and new.get("code_id") != old.get("code_id"):  # a new code to text (not a wrong try, not its use)
            send_now("phone_code", keys.networker_id_of(new["pk"]), new["code_id"])
        return
    networker_id = keys.networker_id_of((new or old)["pk"])
    if networker_id is None:
        return
    if kind == "interaction":
        participants = set(old.get("contact_ids", [])) | set(new.get("contact_ids", []))
        zone = timezone_of(networker_id)
        for contact_id in sorted(participants):
            if followups.refresh(store(), networker_id, contact_id, zone):
                metrics.add_metric(name="FollowUpRecomputed", unit=MetricUnit.Count, value=1)
        if Kind.GREETING in (old.get("kind"), new.get("kind")):  # logged, changed or deleted: recount the seasons
            marked = greetings.track(store(), networker_id, sorted(participants), clock.now())
            metrics.add_metric(name="GreetingsMarked", unit=MetricUnit.Count, value=marked)
    elif kind == "contact" and not new:
        followups.forget(store(), networker_id, old["contact_id"])
        store().links.forget(networker_id, old["contact_id"])
        greetings.forget(store(), networker_id, old["contact_id"])
        if has_wishes(old):  # else no opportunity holds them
            opportunities.refresh(store(), networker_id, old["contact_id"], clock.now())
    elif kind == "contact":
        # A new contact's follow-up is computed as it is created: it has no touch yet.
        if old and any(old.get(f) != new.get(f) for f in FOLLOW_UP_INPUTS):
            followups.refresh(store(), networker_id, new["contact_id"], timezone_of(networker_id))
        # Matching reads every contact: only when wishes (or the circle of someone with wishes) change,
        # never for an imported contact without any (20,000 of them would read 20,000 each).
        if (has_wishes(old) or has_wishes(new)) and any(
            old.get(f) != new.get(f) for f in ("needs", "offers", "circle")
        ):
            found = opportunities.refresh(store(), networker_id, new["contact_id"], clock.now())
            logger.info("Help opportunities", extra={"contact_id": new["contact_id"], "kept": found})
    elif kind == "profile":
        outcome = schedules.follow_profile(store(), scheduler(), networker_id)
        logger.info("Profile schedules", extra={"networker_id": networker_id, "outcomes": outcome})
        if old and new and old.get("timezone") != new.get("timezone"):  # follow-ups are days in that zone
            moved = followups.follow_timezone(store(), networker_id)
            metrics.add_metric(name="FollowUpRecomputed", unit=MetricUnit.Count, value=moved)
    elif kind == "meeting":
        meeting_id = (new or old)["meeting_id"]
        outcome = schedules.follow_meeting(store(), scheduler(), networker_id, meeting_id, clock.now())
        logger.info("Brief schedule", extra={"meeting_id": meeting_id, "outcome": outcome})


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    return process_partial_response(event=event, record_handler=react, processor=processor, context=context)
