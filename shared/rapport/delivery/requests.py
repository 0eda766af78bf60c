"""What the delivery queue carries: one delivery to make, put there by a schedule or by a stream reaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import SerializerFunctionWrapHandler, model_serializer

from rapport.domain.model import Model

DeliveryKind = Literal["digest", "review", "brief", "confirmation", "phone_code", "account_export"]

# EventBridge Scheduler writes each occurrence's time where a schedule's target holds this.
SCHEDULED_TIME = "<aws.scheduler.scheduled-time>"


class DeliveryRequest(Model):
    """A digest, review or brief (put by their schedules), an address confirmation or a phone code (put by
    the stream reaction to the item, at once). Its JSON, the queue's message, is the only serialization:
    fields not set are left out, and a schedule's target leaves `scheduled_time` to the scheduler."""

    kind: DeliveryKind = "digest"
    networker_id: str
    meeting_id: str | None = None  # for a brief
    token: str | None = None  # an address confirmation's; a phone code's id; an account export's id
    scheduled_time: datetime | None = None  # when it was asked for; None only in a schedule's target

    @model_serializer(mode="wrap")
    def _message(self, fields: SerializerFunctionWrapHandler) -> dict[str, Any]:
        dumped = {name: value for name, value in fields(self).items() if value is not None}
        return dumped | {"scheduled_time": dumped.get("scheduled_time", SCHEDULED_TIME)}

    @classmethod
    def from_message(cls, body: str) -> DeliveryRequest:
        """A message off the queue: it says when it was asked for (the scheduler wrote it in)."""
        request = cls.model_validate_json(body)
        if request.scheduled_time is None:
            raise ValueError("a delivery request without its scheduled_time")
        return request

    @property
    def asked_at(self) -> datetime:
        """When it was asked for: the day a digest or review is for."""
        if self.scheduled_time is None:
            raise ValueError("a schedule's target has no time of its own")
        return self.scheduled_time
