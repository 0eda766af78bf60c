"""moto's SQS and Scheduler on the runtime's clock (`rapport.clock`), not the machine's.

moto stamps and times its messages and schedules with the machine's clock. The runtime's clock is
frozen by tests, moved forward by `advance` and run faster by a speed, so while the runtime runs:
- SQS: sent and first-receive timestamps, visibility timeouts, delays and the retention period run
  on the runtime's clock, so a message not deleted comes back once the *runtime* clock has passed its
  visibility timeout, and a jump of the clock makes it visible at once;
- a message past its queue's MessageRetentionPeriod is deleted before a receive, as SQS does (moto
  would mark it received and stop the receive there, hiding the messages behind it);
- a receive never long-polls: every caller shares one lock and one process, so nothing could arrive
  while it waited, and a frozen clock would make it wait forever;
- Scheduler: CreationDate and LastModificationDate are runtime-clock times, which is what the
  scheduler clock (`scheduler.py`) compares occurrences with.

`install()` patches those modules' time functions; `uninstall()` puts moto back as it was. This file
is the one place that knows these moto internals (moto is pinned in requirements.lock).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta

from moto.scheduler import models as scheduler_models
from moto.sqs import models as sqs_models
from moto.sqs.models import sqs_backends

from rapport import clock

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_saved: dict[tuple[object, str], object] = {}


def _unix_time(dt: datetime | None = None) -> float:
    if dt is not None:  # moto passes naive UTC datetimes
        return (dt.replace(tzinfo=UTC) - _EPOCH).total_seconds()
    return (clock.now() - _EPOCH).total_seconds()


def _unix_time_millis(dt: datetime | None = None) -> float:
    return _unix_time(dt) * 1000.0


def _utcnow() -> datetime:
    return clock.now().astimezone(UTC).replace(tzinfo=None)


def _drop_expired(backend: sqs_models.SQSBackend, queue_name: str) -> None:
    queue = backend.get_queue(queue_name)
    retain_until_ms = _unix_time_millis() - int(queue.message_retention_period) * 1000
    expired = [message for message in queue._messages if message.sent_timestamp <= retain_until_ms]
    for message in expired:
        queue._messages.remove(message)
        queue.pending_messages.discard(message)


def _receive_without_waiting(receive):
    @functools.wraps(receive)
    def receive_message(self, queue_name, count, wait_seconds_timeout, visibility_timeout, *args, **kwargs):
        _drop_expired(self, queue_name)
        return receive(self, queue_name, count, 0, visibility_timeout, *args, **kwargs)

    return receive_message


def _patch(owner: object, name: str, value: object) -> None:
    _saved.setdefault((owner, name), getattr(owner, name))
    setattr(owner, name, value)


def install() -> None:
    if _saved:
        return
    _patch(sqs_models, "unix_time", _unix_time)
    _patch(sqs_models, "unix_time_millis", _unix_time_millis)
    _patch(sqs_models.SQSBackend, "receive_message", _receive_without_waiting(sqs_models.SQSBackend.receive_message))
    _patch(scheduler_models, "unix_time", _unix_time)
    _patch(scheduler_models, "utcnow", _utcnow)


def uninstall() -> None:
    for (owner, name), value in _saved.items():
        setattr(owner, name, value)
    _saved.clear()


def next_visible(queue_url: str, account_id: str, region: str) -> datetime | None:
    """When the next message of this queue that is in flight or delayed becomes visible (runtime clock)."""
    queue = sqs_backends[account_id][region].queues.get(queue_url.rsplit("/", 1)[-1])
    if queue is None:
        return None
    now_ms = _unix_time_millis()
    waits = [max(message.visible_at, message.delayed_until) for message in queue._messages]
    upcoming = [wait for wait in waits if wait >= now_ms]
    if not upcoming:
        return None
    # moto shows a message once the clock is strictly past visible_at: one millisecond later.
    return _EPOCH + timedelta(milliseconds=min(upcoming) + 1)
