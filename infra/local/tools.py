"""The runtime's own tools under `/_local/` (never in AWS): run what is pending, read and move the
clock, read the outbox, receive a text on Rapport's number, and a token for any email's networker.
Each takes the JSON body and answers JSON, or raises ValueError for a 400 with its message."""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Callable
from datetime import UTC, timedelta
from typing import TYPE_CHECKING

import boto3

from infra.local import provision, template
from infra.local.signin import token_request
from rapport import clock

if TYPE_CHECKING:
    from infra.local.runtime import Runtime

MAX_ADVANCE = timedelta(days=3660)
MAX_SPEED = 1_000_000
LOCAL_SMS_NUMBER = "+18005550100"  # Rapport's own number, locally


def iso_now() -> str:
    return clock.now().astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def endpoints(runtime: Runtime, token_lifetime: timedelta) -> dict[tuple[str, str], Callable[[object], object]]:
    return {
        ("POST", "/_local/drain"): lambda _body: runtime.drain(),
        ("GET", "/_local/clock"): lambda _body: _clock(),
        ("POST", "/_local/clock"): lambda body: _set_clock(runtime, body),
        ("GET", "/_local/outbox"): lambda _body: {"items": runtime.outbox.items},
        ("POST", "/_local/sms"): lambda body: _sms(runtime, body),
        ("POST", "/_local/token"): lambda body: token_request(body, runtime.signin, token_lifetime),
    }


def _clock() -> dict:
    return {"now": iso_now(), "speed": clock.speed()}


def _set_clock(runtime: Runtime, body: object) -> dict:
    """`{"advance_seconds": N}` and/or `{"speed": K}`: checked whole before anything changes."""
    if not isinstance(body, dict) or not body:
        raise ValueError('send a JSON object with "advance_seconds" (seconds to move forward) and/or "speed"')
    unknown = sorted(set(body) - {"advance_seconds", "speed"})
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}: only advance_seconds and speed")
    advance, speed = body.get("advance_seconds"), body.get("speed")
    if "advance_seconds" in body and not _number_within(advance, 0, MAX_ADVANCE.total_seconds()):
        raise ValueError(
            f"advance_seconds must be a number of seconds from 0 to {MAX_ADVANCE.total_seconds():.0f}"
            " (the clock only moves forward)"
        )
    if "speed" in body and (not _number_within(speed, 0, MAX_SPEED) or speed == 0):
        raise ValueError(f"speed must be a number above 0 and at most {MAX_SPEED} (1 is real time)")
    if speed is not None:
        runtime.set_speed(speed)
    if advance is not None:
        runtime.advance(timedelta(seconds=advance))
    return _clock()


def _sms(runtime: Runtime, body: object) -> dict:
    """`{"from": "+33612345678", "text": "fait 1"}`: a text received on Rapport's number, published to
    the two-way SMS topic as AWS End User Messaging does, then run until quiet. The replies it got."""
    if not isinstance(body, dict) or set(body) != {"from", "text"}:
        raise ValueError('send a JSON object with "from" (an E.164 number, like +33612345678) and "text"')
    sender, text = body["from"], body["text"]
    if not isinstance(sender, str) or not re.fullmatch(r"\+[1-9]\d{6,14}", sender):
        raise ValueError('"from" must be an E.164 number, like +33612345678')
    if not isinstance(text, str) or not 0 < len(text) <= 1600:
        raise ValueError('"text" must be a string of 1 to 1600 characters')
    message_id = str(uuid.uuid4())
    payload = {
        "originationNumber": sender,
        "destinationNumber": LOCAL_SMS_NUMBER,
        "messageKeyword": "KEYWORD_LOCAL",
        "messageBody": text,
        "inboundMessageId": message_id,
        "previousPublishedMessageId": None,
    }
    before = len(runtime.outbox.items)
    sns = boto3.client("sns", region_name=provision.REGION)
    for topic in template.sms_topics(runtime.stack.resources):
        sns.publish(TopicArn=topic, Message=json.dumps(payload))
    runtime.drain()
    replies = [item["text"] for item in runtime.outbox.items[before:] if item["recipient"] == sender]
    return {"inbound_message_id": message_id, "replies": replies}


def _number_within(value: object, low: float, high: float) -> bool:
    return (
        not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value) and low <= value <= high
    )
