"""Invoking a handler as Lambda does: a context Powertools can read, JSON in and JSON out."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from infra.local.invoker import FunctionConfig, Invoker

NAME = "rapport-local-Fn-ABC"
CONFIG = FunctionConfig(NAME, f"arn:aws:lambda:us-east-1:123456789012:function:{NAME}", 512, 10)


def invoker_of(handler) -> Invoker:
    return Invoker({"Fn": handler}, {"Fn": CONFIG})


def test_the_handler_gets_a_lambda_context():
    seen = {}

    def handler(event, context):
        seen.update(
            name=context.function_name,
            arn=context.invoked_function_arn,
            memory=context.memory_limit_in_mb,
            request=context.aws_request_id,
            remaining=context.get_remaining_time_in_millis(),
            version=context.function_version,
            group=context.log_group_name,
        )

    invoker_of(handler)("Fn", {})

    assert (seen["name"], seen["arn"], seen["memory"], seen["version"]) == (CONFIG.name, CONFIG.arn, 512, "$LATEST")
    assert uuid.UUID(seen["request"]) and seen["group"] == f"/aws/lambda/{CONFIG.name}"
    assert 0 < seen["remaining"] <= 10_000


def test_event_and_result_travel_as_json():
    event = {"when": "now"}

    def handler(received, context):
        assert received == event and received is not event
        return {"count": Decimal("2"), "ratio": Decimal("0.5")}

    assert invoker_of(handler)("Fn", event) == {"count": 2, "ratio": 0.5}


def test_a_result_lambda_cannot_marshal_fails_the_invocation():
    invoker = invoker_of(lambda event, context: {"when": object()})
    committed = []
    invoker.after = lambda: committed.append(True)

    with pytest.raises(TypeError, match="not JSON serializable"):
        invoker("Fn", {})
    assert committed == [True]  # what it wrote before failing is journaled all the same
