"""Creating routes honour an `Idempotency-Key` header: a retry gets the first answer and writes nothing.

Powertools idempotency, with its records in the table as the senders keep theirs (pk/sk, `expiration`
as the TTL), in a partition of the caller's own (`keys.idempotent_requests`): the same key sent by
another networker is another record. Within 24 hours, the same key with the same body and query
answers the first answer (status, headers and body); with another body or query (an import's `format`),
422; while the first is still being answered, 409. A request that failed (a 4xx) keeps no record: its
retry runs again. Without the header, nothing changes.
"""

from __future__ import annotations

import functools
import inspect
from datetime import timedelta
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header
from examples import example
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from rapport.domain.errors import Conflict, InvalidInput
from rapport.storage import keys

from context import dynamodb, networker_id, settings

KEPT = timedelta(hours=24)
FIELD = "Idempotency-Key"

# `str`, not `str | None`: a header is absent or a string, never null (the routes default it to None).
IdempotencyKey = Annotated[
    str,
    Header(
        min_length=1,
        max_length=255,
        description="Any unique string (a UUID) per thing to create: a retry with the same key and body "
        "within 24 hours answers the first answer and creates nothing more.",
        openapi_examples=example(
            "uuid", "A UUID drawn once, sent again with each retry", "5f0c1f3e-8a55-4f43-9d0c-1a2b3c4d5e6f"
        ),
    ),
]


def idempotent(resolver):
    """For a route whose signature takes `idempotency_key: IdempotencyKey = None`."""

    def decorate(route):
        @functools.wraps(route)
        def replay_or_run(*args, **kwargs):
            key = kwargs.get("idempotency_key")
            if key is None:
                return route(*args, **kwargs)
            event = resolver.current_event
            once = _once(networker_id(event), route.__name__, resolver.lambda_context)
            # the query is part of the request: the same file under another `format` is another import
            request = {"key": key, "body": event.body or "", "query": event.raw_query_string or ""}
            return _answer(_guarded(once, request, lambda: _recorded(route(*args, **kwargs))), signature)

        # Powertools reads the route's parameters from this signature, with the names of the route's module
        signature = replay_or_run.__signature__ = inspect.signature(route, eval_str=True)
        return replay_or_run

    return decorate


def _guarded(once, request: dict, run) -> dict:
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    try:
        return once(request=request, run=run)
    except IdempotencyValidationError:
        reason = "was used with another body or query in the last 24 hours: use a new key for a new request"
        raise InvalidInput(f"This {FIELD} {reason}.", FIELD) from None
    except IdempotencyAlreadyInProgressError:
        raise Conflict(f"A request with this {FIELD} is still being answered: retry in a moment.", FIELD) from None


def _once(networker: str, route_name: str, lambda_context):
    """The idempotent run of one route for one networker (imported on use: most requests carry no key)."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, idempotent_function

    persistence = DynamoDBPersistenceLayer(
        table_name=settings().table_name,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=keys.idempotent_requests(networker),
        boto3_client=dynamodb(),
    )
    config = _config()
    config.register_lambda_context(lambda_context)  # a crashed request's record frees up when its time is out
    return idempotent_function(
        _run, data_keyword_argument="request", persistence_store=persistence, config=config, key_prefix=route_name
    )


@functools.cache
def _config():
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

    return IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="[body, query]",
        expires_after_seconds=int(KEPT.total_seconds()),
    )


def _run(request: dict, run) -> dict:
    return run()


def _recorded(result) -> dict:
    """A route's answer as JSON to keep: a Response as it is, a model with all its fields (those it does not
    show too, so that it can be built again)."""
    if isinstance(result, Response):
        return {"status": result.status_code, "headers": result.headers, "body": result.body}
    return {"fields": _every_field(result)}


def _every_field(value):
    """JSON of a model with all its fields, those of the models in it too. By hand: pydantic's
    `to_jsonable_python` fails on a model in it whose serializer is not built yet (`defer_build`)."""
    if isinstance(value, BaseModel):
        return {name: _every_field(field) for name, field in dict(value).items()}
    if isinstance(value, list | tuple):
        return [_every_field(item) for item in value]
    return to_jsonable_python(value)


def _answer(recorded: dict, signature: inspect.Signature):
    """What the route answers, first time or replayed: the same either way (Powertools gives a model the
    route's status and serialises it)."""
    if "fields" in recorded:
        return signature.return_annotation.model_validate(recorded["fields"])
    return Response(recorded["status"], None, recorded["body"], headers=recorded["headers"])
